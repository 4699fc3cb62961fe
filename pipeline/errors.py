"""The project's error types; the CLI turns each into `error: <file>: <reason>`."""


class PipelineError(Exception):
    """Base class of every error the pipeline raises on purpose."""

    exit_code = 2


class UnreadableInput(PipelineError):
    """The file is missing, not a PDF, damaged beyond repair, encrypted or empty."""

    exit_code = 2


class TableNotFound(PipelineError):
    """The PDF opened but holds no action-plan table."""

    exit_code = 1


class ColumnMappingError(PipelineError):
    """The table's headings do not name the required columns."""

    exit_code = 1


class ValidationFailed(PipelineError):
    """The extracted plan failed its expectation suite."""

    exit_code = 1


class OutputError(PipelineError):
    """The output folder cannot be written or is locked by another run."""

    exit_code = 2
