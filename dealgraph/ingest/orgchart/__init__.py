"""A user's org chart (contacts.csv + edges.csv, or an HR export) as one account: parse.py reads and checks
the files, columns.py finds the fields in an export's own headers, load.py writes the chart."""
