"""What people read of an extraction: the report page, the schedule charts and page, the cell overlays
and the account of how the table was found."""
