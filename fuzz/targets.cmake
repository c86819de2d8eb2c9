# The fuzz targets, shared by fuzz/CMakeLists.txt (libFuzzer, GL_FUZZ=ON) and
# tests/cmake/regress.cmake (the replay driver, every build). Each entry is
# name|source|compile definition.
set(GL_FUZZ_TARGETS
  "markdown|fuzz_reader.c|FUZZ_READER=\"markdown\""
  "html|fuzz_reader.c|FUZZ_READER=\"html\""
  "frontmatter|fuzz_frontmatter.c|"
  "date|fuzz_date.c|"
  "image|fuzz_image.c|"
  "text|fuzz_writer.c|FUZZ_WRITER=\"text\""
  "xhtml|fuzz_writer.c|FUZZ_WRITER=\"xhtml\""
  "json|fuzz_writer.c|FUZZ_WRITER=\"json\""
  "md|fuzz_writer.c|FUZZ_WRITER=\"markdown\""
  "html5|fuzz_writer.c|FUZZ_WRITER=\"html\""
  "pdf|fuzz_writer.c|FUZZ_WRITER=\"pdf\""
  "epub|fuzz_writer.c|FUZZ_WRITER=\"epub\"")

# Adds executable `exe` for target entry `entry` from `extra` sources.
function(gl_fuzz_executable exe entry)
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 1 src)
  list(LENGTH parts n)
  add_executable(${exe} ${PROJECT_SOURCE_DIR}/fuzz/${src} ${ARGN})
  if(n GREATER 2)
    list(GET parts 2 def)
    if(def)
      target_compile_definitions(${exe} PRIVATE ${def})
    endif()
  endif()
  target_include_directories(${exe} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/fuzz)
  target_compile_definitions(${exe} PRIVATE _POSIX_C_SOURCE=200809L)
  target_link_libraries(${exe} PRIVATE galley_static)
endfunction()
