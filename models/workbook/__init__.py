"""Excel in and out: the sheets' columns, reading and importing uploads, writing and exporting workbooks."""
