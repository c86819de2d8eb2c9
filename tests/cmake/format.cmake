# The house format (.clang-format, clang-format 14): a missing clang-format fails.
add_test(NAME clang_format
  COMMAND sh -c "command -v clang-format >/dev/null || { echo 'clang-format not installed (scripts/install-deps test)'; exit 1; }; cd '${PROJECT_SOURCE_DIR}' && find src include tests bench fuzz -name '*.[ch]' 2>/dev/null | xargs clang-format --dry-run --Werror")
