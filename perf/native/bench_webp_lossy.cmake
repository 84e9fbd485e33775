# SPDX-License-Identifier: MIT
# bench_webp_lossy: the VP8 (lossy) encoder against Debian's libwebp (cwebp's
# library, same defaults): size, PSNR at equal size, encode time.
find_package(PkgConfig)
find_package(PNG)
if(PkgConfig_FOUND)
  pkg_check_modules(BENCH_LIBWEBP_ENC IMPORTED_TARGET libwebp)
endif()
if(BENCH_LIBWEBP_ENC_FOUND AND PNG_FOUND AND TARGET wf_webp)
  add_executable(bench_webp_lossy "${CMAKE_CURRENT_LIST_DIR}/bench_webp_lossy.c")
  target_link_libraries(bench_webp_lossy PRIVATE wf_webp PkgConfig::BENCH_LIBWEBP_ENC PNG::PNG m)
  target_compile_options(bench_webp_lossy PRIVATE ${WF_WARNINGS})
endif()
