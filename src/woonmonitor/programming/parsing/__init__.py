"""The parsing layer of programming: files in, typed records and Dutch problems out.

Pure: no database. ``woningbouwkaart`` reads the national project file (``project2.json.gz``),
``plan_list`` a municipality's own plan list (CSV/Excel through ``woonmonitor.imports.tables``),
``segments`` holds the segments, hard/zacht and dwelling types and counts where unknown is not
zero, ``peilmoment`` the dates figures refer to, ``duplicates`` possible duplicates for review.
"""
