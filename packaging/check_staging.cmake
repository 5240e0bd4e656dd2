# SPDX-License-Identifier: Apache-2.0
# CPACK_PRE_BUILD_SCRIPTS: runs after CPack installed into its staging directory, before the
# package is built. Fails the package when a file the layout promises is missing (man pages
# need go-md2man at configure time) or when config.json is not the shipped default.
foreach(file IN LISTS CPACK_HARDRUN_EXPECTED_FILES)
    if(NOT EXISTS "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/${file}")
        message(FATAL_ERROR "hardrun package: ${file} is missing from the staging directory "
                            "${CPACK_TEMPORARY_INSTALL_DIRECTORY} (go-md2man not installed when "
                            "the build was configured?)")
    endif()
endforeach()
set(staged_config "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_HARDRUN_CONFIG_FILE}")
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${staged_config}" "${CPACK_HARDRUN_SHIPPED_CONFIG}"
                RESULT_VARIABLE differs)
if(NOT differs EQUAL 0)
    message(FATAL_ERROR "hardrun package: ${staged_config} is not ${CPACK_HARDRUN_SHIPPED_CONFIG}")
endif()
