# SPDX-License-Identifier: MIT
# webp_sizes: WebP lossless sizes against cwebp -lossless and our PNG encoder.
if(TARGET wf_webp AND TARGET wf_png)
  add_executable(webp_sizes "${CMAKE_CURRENT_LIST_DIR}/webp_sizes.c")
  target_link_libraries(webp_sizes PRIVATE wf_webp wf_png m)
endif()
