"""File importers: one module per format, each `parse(stream, file_name, ...) -> ImportResult`.

They read streams into plain typed results (`model`), never store anything and never guess
units or time zones. `detect` names the format of a file and holds the registry `FORMATS`.
"""
