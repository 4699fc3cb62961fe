"""The project's exit codes and error types; the CLI turns each error into `error: <file>: <reason>`."""

from enum import IntEnum


class ExitCode(IntEnum):
    """The command line's exit status: the worst outcome of the run (shared/contract.md)."""

    OK = 0
    INVALID = 1
    UNREADABLE = 2
    CHANGED = 3


class PipelineError(Exception):
    """Base class of every error the pipeline raises on purpose."""

    exit_code = ExitCode.UNREADABLE


class UnreadableInput(PipelineError):
    """The file is missing, not a PDF, damaged beyond repair, encrypted or empty."""


class OutputError(PipelineError):
    """The output or interim folder cannot be written, or is locked by another run."""


class TableNotFound(PipelineError):
    """The PDF opened but holds no action-plan table."""

    exit_code = ExitCode.INVALID


class ColumnMappingError(PipelineError):
    """The table's headings do not name the required columns."""

    exit_code = ExitCode.INVALID


class ValidationFailed(PipelineError):
    """The extracted plan failed its expectation suite."""

    exit_code = ExitCode.INVALID


class SchedulerError(PipelineError):
    """The Dask cluster cannot be started or reached, or dask.distributed is not installed."""
