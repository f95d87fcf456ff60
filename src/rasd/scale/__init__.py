"""Scale-out: N local processes, a Dask cluster, and continuous feed monitoring.

- :mod:`rasd.scale.parallel`: ``map_results`` — the pipeline on N local processes.
- :mod:`rasd.scale.dask_runner`: ``run_extract_on_dask`` — sharded corpora on Dask.
- :mod:`rasd.scale.watch`: ``rasd watch`` — polling RSS/Atom feeds into the store.
"""
