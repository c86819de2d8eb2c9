# The modules (src/modules/): what each conversion of the tool maps, and the
# error when a module is missing or broken. The tool and the programs below
# load the modules through libgalley.so; the unit tests cover the static
# library, which links every module in.
add_test(NAME cli_modules
  COMMAND ${GL_SH} ${CMAKE_CURRENT_SOURCE_DIR}/cli/modules.sh $<TARGET_FILE:galley_cli>
          "${GL_LINKED_IN}" ${GL_GENERATED}/modules/abi_stamp.h
          $<IF:$<BOOL:${GL_MODULES}>,modules,linked>)
set_tests_properties(cli_modules PROPERTIES TIMEOUT 120)

# One core: neither a module nor the tool carries a copy of a function of
# libgalley.so (issue 15).
add_test(NAME modules_one_core
  COMMAND ${GL_SH} ${CMAKE_CURRENT_SOURCE_DIR}/tools/one_core.sh $<TARGET_FILE:galley>
          $<TARGET_FILE:galley_cli> ${GL_MODULE_FILES})

# Programs embedding libgalley.so load the same modules from beside it: one
# linked with it, one opening it with dlopen(RTLD_LOCAL), as a language
# binding would. Each starts with an empty font cache, so the PDF module
# also loads fontconfig's (through libgalley's gl_module_get), then runs
# again with the cache written.
add_executable(embed_consumer_linked ${CMAKE_CURRENT_SOURCE_DIR}/tools/embed_consumer.c)
target_link_libraries(embed_consumer_linked PRIVATE galley)
add_executable(embed_consumer_dlopen ${CMAKE_CURRENT_SOURCE_DIR}/tools/embed_consumer.c)
target_include_directories(embed_consumer_dlopen PRIVATE ${PROJECT_SOURCE_DIR}/include)
target_compile_definitions(embed_consumer_dlopen PRIVATE GL_EMBED_DLOPEN)
target_link_libraries(embed_consumer_dlopen PRIVATE ${CMAKE_DL_LIBS})
add_dependencies(embed_consumer_dlopen galley ${GL_MODULE_TARGETS})
if(GL_MODULE_TARGETS)
  add_dependencies(embed_consumer_linked ${GL_MODULE_TARGETS})
endif()
set(GL_EMBED_INPUTS ${PROJECT_SOURCE_DIR}/samples/news.html ${PROJECT_SOURCE_DIR}/samples/frontmatter.md)
add_test(NAME embed_linked
  COMMAND ${GL_SH} ${CMAKE_CURRENT_SOURCE_DIR}/tools/embed_twice.sh
          $<TARGET_FILE:embed_consumer_linked> ${GL_EMBED_INPUTS})
add_test(NAME embed_dlopen_local
  COMMAND ${GL_SH} ${CMAKE_CURRENT_SOURCE_DIR}/tools/embed_twice.sh
          $<TARGET_FILE:embed_consumer_dlopen> $<TARGET_FILE:galley> ${GL_EMBED_INPUTS})
set_tests_properties(embed_linked embed_dlopen_local PROPERTIES TIMEOUT 120)

# -DGL_MODULES=OFF (issue 15): in a tree with modules, the other kind of
# libgalley.so and its tool are linked from the same objects into linked/
# (two links, no compiling), so that every test run covers both; cli_modules
# checks what it maps, linked_formats what it writes. In a tree built with
# -DGL_MODULES=OFF the tool itself is that kind, and cli_modules checks it.
if(GL_MODULES)
  gl_add_libgalley(galley_linked ${PROJECT_BINARY_DIR}/linked TRUE)
  gl_add_tool(galley_cli_linked galley_linked ${PROJECT_BINARY_DIR}/linked)
  add_test(NAME cli_modules_linked
    COMMAND ${GL_SH} ${CMAKE_CURRENT_SOURCE_DIR}/cli/modules.sh
            $<TARGET_FILE:galley_cli_linked> "${GL_LINKED_IN}"
            ${GL_GENERATED}/modules/abi_stamp.h linked)
  set_tests_properties(cli_modules_linked PROPERTIES TIMEOUT 120)
  set(GL_LINKED_TOOL $<TARGET_FILE:galley_cli_linked>)
else()
  set(GL_LINKED_TOOL $<TARGET_FILE:galley_cli>)
endif()
# 266 conversions: in the plain build only, which runs the same code (the
# sanitizer build's share of CI's time goes to the tests of that code).
if(NOT GL_SANITIZE)
  add_test(NAME linked_formats
    COMMAND ${GL_SH} ${CMAKE_CURRENT_SOURCE_DIR}/cli/linked_formats.sh ${GL_LINKED_TOOL}
            $<TARGET_FILE:galley_cli> ${PROJECT_SOURCE_DIR}/samples)
  set_tests_properties(linked_formats PROPERTIES TIMEOUT 300)
endif()
