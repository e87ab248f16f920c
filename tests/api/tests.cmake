# Tests of src/api; included by tests/CMakeLists.txt. The OpenAPI document and the body
# decoders into server_tests; the routes of the real recond over HTTP into db_tests.
target_sources(server_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/list_answers_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/multipart_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/openapi_limits_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/openapi_test.cpp
)
recond_link_modules(server_tests api)
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/api_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/idempotency_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/list_filters_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/manual_match_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/open_item_search_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/review_test.cpp
)
