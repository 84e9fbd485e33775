# SPDX-License-Identifier: MIT
# bench_webp_decode: wasmforge WebP decoder vs Debian's libwebp (native).
find_package(PkgConfig)
if(PkgConfig_FOUND)
  pkg_check_modules(BENCH_LIBWEBP IMPORTED_TARGET libwebp)
endif()
if(BENCH_LIBWEBP_FOUND AND TARGET wf_webp)
  add_executable(bench_webp_decode "${CMAKE_CURRENT_LIST_DIR}/bench_webp_decode.c")
  target_link_libraries(bench_webp_decode PRIVATE wf_webp PkgConfig::BENCH_LIBWEBP m)
endif()
