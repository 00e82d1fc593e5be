"""Engines that run the same pure batch function (`engines.batch.analyze_rows`) at different scales:
`local` (worker processes on one machine), `dask` (a Dask distributed cluster), `spark` (a
mapPartitions function for Spark). Each optional engine imports its library in its own module."""
