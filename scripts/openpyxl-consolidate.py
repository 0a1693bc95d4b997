#!/usr/bin/env python3
"""Baseline for the consolidation benchmark (src/bench/consolidate.ts): what a plain openpyxl
script does with the units' workbooks. Opens each workbook (read_only, data_only), finds the
Budget table (its sheet, headers in row 1 as the template writes it) and sums the amounts per
area (Verksamhetsområde) and period (every column after the spec's own columns). Prints the sums
as JSON: {"area": {"period title": sum}}.

Usage: /usr/bin/python3 scripts/openpyxl-consolidate.py FILE.xlsx... (or a folder of .xlsx files)
"""
import json
import os
import sys

from openpyxl import load_workbook

OWN_COLUMNS = {"verksamhetsområde", "post", "specifikation"}


def files_of(args):
    for arg in args:
        if os.path.isdir(arg):
            for name in sorted(os.listdir(arg)):
                if name.endswith(".xlsx"):
                    yield os.path.join(arg, name)
        else:
            yield arg


def budget_sheet(workbook):
    for sheet in workbook.worksheets:
        if sheet.title.strip().lower() == "budget":
            return sheet
    return None


def amount(value):
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    text = str(value).replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def consolidate(paths):
    sums = {}
    for path in paths:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = budget_sheet(workbook)
            if sheet is None:
                continue
            rows = sheet.iter_rows(values_only=True)
            headers = next(rows, None)
            if headers is None:
                continue
            keys = [str(h).strip().lower() if h is not None else "" for h in headers]
            if "verksamhetsområde" not in keys:
                continue
            area_at = keys.index("verksamhetsområde")
            periods = [(i, str(headers[i]).strip()) for i, k in enumerate(keys) if k and k not in OWN_COLUMNS]
            for row in rows:
                area = row[area_at] if area_at < len(row) else None
                if area is None or str(area).strip() == "":
                    continue
                per_area = sums.setdefault(str(area).strip(), {})
                for i, title in periods:
                    value = amount(row[i]) if i < len(row) else None
                    if value is not None:
                        per_area[title] = per_area.get(title, 0) + value
        finally:
            workbook.close()
    return sums


if __name__ == "__main__":
    json.dump(consolidate(list(files_of(sys.argv[1:]))), sys.stdout, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")
