#!/usr/bin/env bash
# Runs the sector's open-source CIN census validator (data-to-insight/csc-validator-be-cin, PyPI
# csc-validator-be-cin 0.1.13) on a census XML file and fails unless it reports nothing at all.
#
#   scripts/validate-cin.sh RETURN.xml [RULESET]      RULESET defaults to cin2025_26
#
# The validator always exits 0, so this script judges by what it writes: user_report.csv must hold
# only its header row (no errors, no queries), no rule may have crashed ("Error with rule ..."), and
# the return-level rules (2883, 2886Q, 2887Q, 2888Q), whose findings never reach user_report.csv,
# must find nothing either.
#
# The validator lives in a virtualenv, created on first use and reused after:
# $CIN_VALIDATOR_VENV, or ~/.cache/frontdoor/cin-validator-venv. Needs python3 with venv and
# access to PyPI the first time.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 RETURN.xml [RULESET]" >&2
    exit 2
fi
xml=$1
ruleset=${2:-cin2025_26}
if [[ ! -f $xml ]]; then
    echo "$0: no such file: $xml" >&2
    exit 2
fi
xml=$(cd "$(dirname "$xml")" && pwd)/$(basename "$xml")

venv=${CIN_VALIDATOR_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/frontdoor/cin-validator-venv}
python=$venv/bin/python
# pytest too: the validator's command line imports it without declaring it.
if ! "$python" -c 'import cin_validator, pytest' 2>/dev/null; then
    echo "Setting up the CIN validator in $venv ..." >&2
    python3 -m venv "$venv"
    "$python" -m pip install --quiet --disable-pip-version-check "csc-validator-be-cin==0.1.13" "numpy<2" pytest
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# The validator itself. --output writes user_report.csv into the current directory.
"$python" -m cin_validator run "$xml" -r "$ruleset" --output >validator.log 2>&1 || {
    cat validator.log >&2
    echo "$0: the validator did not run" >&2
    exit 1
}

failed=0
if [[ ! -f user_report.csv ]]; then
    cat validator.log >&2
    echo "$0: the validator wrote no user_report.csv" >&2
    exit 1
fi
rows=$(tail -n +2 user_report.csv | grep -c . || true)
if [[ $rows -gt 0 ]]; then
    echo "user_report.csv has $rows row(s):" >&2
    cat user_report.csv >&2
    failed=1
fi
if grep -q "^Error with rule" validator.log; then
    echo "rules that crashed (their result cannot be trusted):" >&2
    grep "^Error with rule" validator.log >&2
    failed=1
fi

# Return-level rules report outside user_report.csv.
"$python" - "$xml" "$ruleset" >la_level.txt 2>la_level.log <<'PY' || { cat la_level.log >&2; failed=1; }
import importlib, sys
import xml.etree.ElementTree as ET
from cin_validator import cin_validator

xml, ruleset = sys.argv[1], sys.argv[2]
data = cin_validator.process_data(cin_validator.convert_data(ET.parse(xml).getroot()))
registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
rules = [str(rule.code) for rule in registry.values()]
validator = cin_validator.CinValidator(data, registry, selected_rules=[r for r in rules if r in ("2883", "2886Q", "2887Q", "2888Q")])
issues = validator.la_rule_issues
for _, row in (issues.iterrows() if len(issues) else []):
    print(f"{row.get('rule_code', '')}: {row.get('rule_description', '')}")
PY
if [[ -s la_level.txt ]]; then
    echo "return-level issues:" >&2
    cat la_level.txt >&2
    failed=1
fi

if [[ $failed -ne 0 ]]; then
    echo "$0: $xml does not pass the $ruleset rules" >&2
    exit 1
fi
echo "$xml: no errors and no queries under $ruleset (csc-validator-be-cin 0.1.13)"
