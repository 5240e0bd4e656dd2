# SPDX-License-Identifier: Apache-2.0
# hardrun_embed_text(OUT_CPP SYMBOL FILE): writes a .cpp that defines
#   extern const std::string_view SYMBOL;
# holding FILE's bytes, so shipped data needs no file on the hot path.
function(hardrun_embed_text out_cpp namespace symbol input)
    file(READ "${input}" content)
    string(FIND "${content}" ")HARDRUN_EMBED\"" clash)
    if(NOT clash EQUAL -1)
        message(FATAL_ERROR "${input} contains the raw-string delimiter")
    endif()
    file(WRITE "${out_cpp}.tmp"
        "// Generated from ${input}; do not edit.\n"
        "#include <string_view>\n"
        "namespace ${namespace} {\n"
        "extern const std::string_view ${symbol};\n"
        "const std::string_view ${symbol} = R\"HARDRUN_EMBED(${content})HARDRUN_EMBED\";\n"
        "}\n")
    file(COPY_FILE "${out_cpp}.tmp" "${out_cpp}" ONLY_IF_DIFFERENT)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${input}")
endfunction()
