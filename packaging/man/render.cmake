# SPDX-License-Identifier: Apache-2.0
# Renders one man page from docs/man/<page>.md (cmake -P, run by the build):
#   -DIN=<markdown> -DOUT=<dir> -DPAGE=<name.section> -DVERSION=<version>
#   -DGO_MD2MAN=<go-md2man> -DGZIP=<gzip>
# Writes OUT/PAGE (roff, for `man -l`) and OUT/PAGE.gz (gzip -9n, what Debian installs).
# In the markdown: "@PROJECT_VERSION@" becomes VERSION; a line "<!-- include FILE -->" becomes
# FILE (relative to IN) with its "# " title dropped and its "## " headings raised to "# ", so
# docs/policy.md is hardrun.json(5) word for word; other HTML comments are dropped.
cmake_minimum_required(VERSION 3.25)
foreach(var IN ITEMS IN OUT PAGE VERSION GO_MD2MAN GZIP)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "render.cmake: -D${var}= missing")
    endif()
endforeach()

file(READ "${IN}" md)
get_filename_component(in_dir "${IN}" DIRECTORY)

# Markdown tables (policy.md's field tables) → definition lists: a man page is read in 80
# columns, where a four-column table is unreadable. "| a | b | c | d |" under the header
# "| field | type | default | meaning |" becomes the term a and the text "d. Type: b. Default: c."
# Works on plain strings, never on CMake lists: the text holds ";" and "[".
function(tables_to_definition_lists text out)
    set(result "")
    set(header "")
    string(APPEND text "\n")
    while(NOT text STREQUAL "")
        string(FIND "${text}" "\n" eol)
        string(SUBSTRING "${text}" 0 ${eol} line)
        math(EXPR next "${eol} + 1")
        string(SUBSTRING "${text}" ${next} -1 text)
        if(NOT line MATCHES "^\\|.*\\|$")
            set(header "")
            string(APPEND result "${line}\n")
            continue()
        endif()
        if(line MATCHES "^\\|[-:| ]+\\|$")  # |---|---|
            continue()
        endif()
        # the cells: strip "| " and " |", split at " | "
        string(REGEX REPLACE "^\\| *(.*[^ ]) *\\|$" "\\1" rest "${line}")
        set(n 0)
        while(TRUE)
            string(FIND "${rest}" " | " sep)
            if(sep EQUAL -1)
                set(cell_${n} "${rest}")
                break()
            endif()
            string(SUBSTRING "${rest}" 0 ${sep} cell_${n})
            math(EXPR after "${sep} + 3")
            string(SUBSTRING "${rest}" ${after} -1 rest)
            math(EXPR n "${n} + 1")
        endwhile()
        if(header STREQUAL "")
            set(header ${n})  # number of the last column
            foreach(i RANGE ${n})
                string(SUBSTRING "${cell_${i}}" 0 1 first)
                string(SUBSTRING "${cell_${i}}" 1 -1 others)
                string(TOUPPER "${first}" first)
                set(head_${i} "${first}${others}")
            endforeach()
            continue()
        endif()
        if(NOT n EQUAL header)
            message(FATAL_ERROR "${IN}: table row with ${n}+1 cells under a header of ${header}+1: ${line}")
        endif()
        set(text_ "${cell_${n}}")
        if(NOT text_ MATCHES "[.?]$")
            string(APPEND text_ ".")
        endif()
        math(EXPR last_detail "${n} - 1")
        if(last_detail GREATER_EQUAL 1)
            foreach(i RANGE 1 ${last_detail})
                string(APPEND text_ " ${head_${i}}: ${cell_${i}}.")
            endforeach()
        endif()
        string(APPEND result "${cell_0}\n: ${text_}\n\n")
    endwhile()
    set(${out} "${result}" PARENT_SCOPE)
endfunction()

string(REGEX MATCHALL "<!-- include [^ \n]+ -->" includes "${md}")
foreach(line IN LISTS includes)
    string(REGEX REPLACE "<!-- include ([^ \n]+) -->" "\\1" rel "${line}")
    file(READ "${in_dir}/${rel}" body)
    string(REGEX REPLACE "^# [^\n]*\n" "" body "${body}")
    string(REGEX REPLACE "\n## " "\n# " body "\n${body}")
    tables_to_definition_lists("${body}" body)
    string(REPLACE "${line}" "${body}" md "${md}")
endforeach()

# Drop the remaining comments (go-md2man warns about HTML blocks).
while(TRUE)
    string(FIND "${md}" "<!--" start)
    if(start EQUAL -1)
        break()
    endif()
    string(SUBSTRING "${md}" ${start} -1 rest)
    string(FIND "${rest}" "-->" len)
    if(len EQUAL -1)
        message(FATAL_ERROR "${IN}: unterminated <!-- comment")
    endif()
    math(EXPR stop "${start} + ${len} + 3")
    string(SUBSTRING "${md}" 0 ${start} head)
    string(SUBSTRING "${md}" ${stop} -1 tail)
    set(md "${head}${tail}")
endwhile()

string(REPLACE "@PROJECT_VERSION@" "${VERSION}" md "${md}")
file(WRITE "${OUT}/${PAGE}.md" "${md}")

execute_process(COMMAND "${GO_MD2MAN}" -in "${OUT}/${PAGE}.md" -out "${OUT}/${PAGE}.roff"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
    message(FATAL_ERROR "go-md2man failed on ${IN} (exit ${rc}): ${err}")
endif()

# '\" t asks man to run tbl (for tables in the sources). Every "-" in text becomes "\-", the ASCII
# hyphen-minus, so options and field names copied from the page work.
file(READ "${OUT}/${PAGE}.roff" roff)
string(REPLACE "\\-" "@HARDRUN_ESCAPED_MINUS@" roff "${roff}")
string(REPLACE "-" "\\-" roff "${roff}")
string(REPLACE "@HARDRUN_ESCAPED_MINUS@" "\\-" roff "${roff}")
# go-md2man's .nh comes before .TH, which turns hyphenation back on: repeat it after .TH, and
# align left, so long paths neither break at hyphens nor stretch the spaces of their line.
string(REGEX REPLACE "(\n\\.TH [^\n]*\n)" "\\1.nh\n.ad l\n" roff "${roff}")
file(WRITE "${OUT}/${PAGE}" "'\\\" t\n${roff}")
file(REMOVE "${OUT}/${PAGE}.roff")

execute_process(COMMAND "${GZIP}" -9nc "${OUT}/${PAGE}" OUTPUT_FILE "${OUT}/${PAGE}.gz"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip failed on ${OUT}/${PAGE}")
endif()
