"""Pure parsing of the public area files (GeoJSON boundaries, KWB key figures, code lists).

Nothing here touches the database: the functions read a file and return plain records,
so they can be tested on their own. The management commands and ``areas.services`` write.
A file that is refused as a whole is an ``imports.errors.MalformedFile``, a row that cannot be
used an ``imports.errors.InvalidRow``; CSV files are read through ``imports.files``.
"""
