# SPDX-License-Identifier: MIT
# ctest simd_model_wasm: builds test_simd_native.c with emcc -msimd128 (clang's own
# wasm_simd128.h, the real Wasm ops), runs it in Node, and compares its checksum line with the
# native build's (core/common/simd/wasm_simd128.h on SSE).
set(ENV{NODE_PATH} "/usr/share/nodejs")
execute_process(COMMAND ${EMCC} -O2 -msimd128 -std=c11 -sSINGLE_FILE=1 -sENVIRONMENT=node ${SRC} -o ${OUT}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "emcc failed (${rc}):\n${out}\n${err}")
endif()
# .cjs: the repository's package.json says "type": "module", and emcc's glue is a CommonJS script
file(RENAME ${OUT} ${OUT}.cjs)
execute_process(COMMAND ${NODE} ${OUT}.cjs RESULT_VARIABLE rc OUTPUT_VARIABLE wasm_out ERROR_VARIABLE err)
string(LENGTH "${err}" n)
if(n GREATER 2000)
  string(SUBSTRING "${err}" 0 2000 err)
endif()
message("wasm (Node):\n${wasm_out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the scalar model disagrees with the real Wasm ops")
endif()
execute_process(COMMAND ${NATIVE} RESULT_VARIABLE rc OUTPUT_VARIABLE native_out)
string(REGEX MATCH "results checksum [0-9a-f]+" a "${wasm_out}")
string(REGEX MATCH "results checksum [0-9a-f]+" b "${native_out}")
message("native: ${b}")
if(NOT rc EQUAL 0 OR NOT a OR NOT a STREQUAL b)
  message(FATAL_ERROR "native and Wasm results differ: '${a}' vs '${b}'")
endif()
