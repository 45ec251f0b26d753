#!/usr/bin/env bash
# Seeds fuzz/corpus/ from testdata/ (shapes, example, cases, malformed), as README "Fuzzing" says.
# read_input's first byte picks the kind: the index in InputKind::ALL (tenant 0, sites 1,
# entra 2, guests 3, groups 4, external-users 5, authorization-policy 6), plus 7 (= 0 + the
# number of kinds) for a plain-text tenant read in AllowList mode.
set -euo pipefail
cd "$(dirname "$0")"
td=../testdata
mkdir -p corpus/read_input corpus/read_config corpus/normalize
kind_of() {
    case "$(basename "$1")" in
        tenant*.txt|*plain-text*.txt) echo 7 ;;
        tenant*) echo 0 ;;
        sites*) echo 1 ;;
        entra*) echo 2 ;;
        guests*) echo 3 ;;
        groups*) echo 4 ;;
        external-users*) echo 5 ;;
        authorization-policy*) echo 6 ;;
        *) echo "" ;;
    esac
}
n=0
while IFS= read -r -d '' f; do
    k=$(kind_of "$f")
    [ -n "$k" ] || continue
    n=$((n + 1))
    { printf "\\x$(printf %02x "$k")"; cat "$f"; } > "corpus/read_input/seed-$n"
done < <(find "$td/shapes" "$td/example" "$td/cases" "$td/malformed" "$td/real" -type f \( -name '*.json' -o -name '*.csv' -o -name '*.txt' \) -print0 | sort -z)
find "$td" -name '*.toml' -exec cp {} corpus/read_config/ \;
# The normaliser: the list fields of the tenant and site files, one entry per line.
grep -rhoE '"Sharing(Allowed|Blocked)DomainList" *: *"[^"]*"' "$td/shapes" "$td/example" "$td/cases" \
    | sed -E 's/^[^:]*: *"//; s/"$//' | sort -u | split -l 4 - corpus/normalize/seed-
printf '%s\n' 'Contoso.COM.' 'alice@Fabrikam.com' 'mailto:bob@northwind.example.org' \
    'https://www.Tailspin.co.uk:8443/path?q=1' 'bücher.de' 'xn--bcher-kva.de' '*.adatum.com' \
    '10.0.0.1' '[::1]' 'co.uk' 'github.io' 'аpple.com' 'apple.com' 'paypa1.com' 'paypal.com' \
    'a.com,b.com;c.com' > corpus/normalize/seed-messy
echo "read_input: $(ls corpus/read_input | wc -l), read_config: $(ls corpus/read_config | wc -l), normalize: $(ls corpus/normalize | wc -l) seeds"
