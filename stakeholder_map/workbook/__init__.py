"""The workbook: reading it (``read``), cell and sheet parsing (``cells``, ``sheets``),
validation into the model with every problem reported (``validate``), writing it back
losslessly (``write``) and synthetic programmes for benchmarks (``synth``)."""
