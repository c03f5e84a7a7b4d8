#!/bin/sh
# kit_must_fail.sh PROGRAM TEST TEXT...: the kit's hidden TEST in PROGRAM must fail, and its
# output must hold every TEXT, so the test shows the kit caught what TEST breaks, not something
# else.
program="$1" test="$2"
shift 2
if output="$("$program" "$test" 2>&1)"; then
    printf '%s\nFAIL: the kit passed "%s"\n' "$output" "$test"
    exit 1
fi
for text in "$@"; do
    case "$output" in
        *"$text"*) ;;
        *) printf '%s\nFAIL: "%s" failed without saying: %s\n' "$output" "$test" "$text"
           exit 1 ;;
    esac
done
echo "the kit caught \"$test\""
