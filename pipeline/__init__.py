"""Turn KPU reform action-plan decree PDFs into validated Parquet and CSV."""

__version__ = "0.2.0"
