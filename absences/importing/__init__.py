"""Absence import: parse a CSV or XLSX file, map its columns, validate rows into day records and commit
them all or nothing. Services in `absences.services.imports` drive these steps."""
