#!/bin/sh
# Memory has a ceiling in a batch (issue 14, item 5): each worker runs under
# RLIMIT_AS at --max-memory plus a margin for the program, so a file that
# needs more fails alone, with a message naming the limit, in the report
# too, and the batch goes on. AddressSanitizer's shadow memory takes
# terabytes of address space, so a sanitized build sets no such limit.
. "$(dirname "$0")/lib.sh" "$1"

run --max-memory 10M -o out/ .
expect_rc "--max-memory below 16M" 2
expect_err "--max-memory below 16M" "--max-memory '10M': expected a size of at least 16M"
run --max-memory 3x -o out/ .
expect_rc "--max-memory without a number" 2

# A 300 MB input (sparse: no disk needed) read whole is over 16 MiB plus the
# 256 MiB margin; the worker's allocation fails, not the machine's memory.
mkdir in
truncate -s 300M in/big.md
printf '# Fine\n\nA small one.\n' >in/fine.md
run -j 1 --max-input 400000000 --max-memory 16M --report r.jsonl in -o out/
expect_rc "over the memory limit" 1
expect_file "over the memory limit: the other file converted" out/fine.txt
if ldd "$GALLEY" 2>/dev/null | grep -q libasan; then
    expect_err "sanitized build: no RLIMIT_AS, the file fails as it is" "in/big.md: "
else
    expect_err "over the memory limit: said" \
        "in/big.md: out of memory reading the input: over this worker's memory limit of 272 MiB (--max-memory 16 MiB"
    grep -q '"error":"out of memory reading the input: over this worker' r.jsonl &&
        pass "over the memory limit: in the report" || fail "report: $(cat r.jsonl)"
fi
expect_err "over the memory limit: the batch went on" "2 inputs: 1 converted, 0 unchanged, 1 failed"

# --max-memory 0: no budget, no limit.
run -j 1 --max-memory 0 in/fine.md -o out0/
expect_rc "--max-memory 0" 0

finish
