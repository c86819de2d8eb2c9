# Run by cpack -G DEB after installing into its staging folder and before
# packing (CPACK_PRE_BUILD_SCRIPTS): what Debian's policy asks of a
# package's files and cmake --install leaves as they are for other
# installs. The man page gzipped (policy 12.1); a changelog.gz beside the
# copyright file (policy 12.7), dated by SOURCE_DATE_EPOCH when set so
# that the package can be rebuilt byte for byte.
file(GLOB_RECURSE pages "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/share/man/man1/galley.1")
foreach(page ${pages})
  execute_process(COMMAND gzip -9nf "${page}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip ${page} failed")
  endif()
endforeach()
file(GLOB_RECURSE copyrights "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/share/doc/galley/copyright")
if(DEFINED ENV{SOURCE_DATE_EPOCH})
  set(epoch $ENV{SOURCE_DATE_EPOCH})
else()
  string(TIMESTAMP epoch "%s" UTC)
endif()
execute_process(COMMAND date -u -R -d "@${epoch}" OUTPUT_VARIABLE when
                OUTPUT_STRIP_TRAILING_WHITESPACE)
foreach(c ${copyrights})
  get_filename_component(doc "${c}" DIRECTORY)
  file(WRITE "${doc}/changelog"
       "galley (${CPACK_PACKAGE_VERSION}) unstable; urgency=medium\n\n"
       "  * Built with cpack -G DEB from the galley sources.\n\n"
       " -- ${CPACK_PACKAGE_CONTACT}  ${when}\n")
  execute_process(COMMAND gzip -9nf "${doc}/changelog")
endforeach()
