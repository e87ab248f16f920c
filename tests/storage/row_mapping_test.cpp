// The stores' one row reader (storage/row_mapping.hpp): each field type read from its column,
// NULLs, and the columns taken in the order the fields are given. The rows are built by libpq
// on the client (PQmakeEmptyPGresult), so no database is needed.
#include "storage/row_mapping.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace recon::storage {
namespace {

// A result of text columns; each row's std::nullopt cells are SQL NULL.
PgResult Rows(int columns, const std::vector<std::vector<std::optional<std::string>>>& rows) {
  PGresult* r = PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK);
  std::vector<PGresAttDesc> attributes(static_cast<size_t>(columns));
  std::vector<std::string> names;
  for (int c = 0; c < columns; ++c) names.push_back("c" + std::to_string(c));
  for (int c = 0; c < columns; ++c) {
    std::memset(&attributes[c], 0, sizeof(PGresAttDesc));
    attributes[c].name = names[c].data();
    attributes[c].typlen = -1;
  }
  EXPECT_EQ(PQsetResultAttrs(r, columns, attributes.data()), 1);
  for (size_t row = 0; row < rows.size(); ++row) {
    for (size_t c = 0; c < rows[row].size(); ++c) {
      std::string value = rows[row][c].value_or("");
      EXPECT_EQ(PQsetvalue(r, static_cast<int>(row), static_cast<int>(c), value.data(),
                           rows[row][c] ? static_cast<int>(value.size()) : -1),
                1);
    }
  }
  return PgResult(r);
}

struct Everything {
  int64_t id = 0;
  int count = 0;
  bool flag = false;
  double ratio = 0;
  std::string text;
  std::optional<std::string> maybe_text;
  std::optional<int64_t> maybe_id;
  std::vector<std::string> names;
  std::vector<int64_t> ids;
  nlohmann::json json;
};

TEST(ReadColumns, EachTypeFromItsColumnInOrder) {
  const PgResult r = Rows(10, {{"9007199254740993", "42", "t", "0.8750", "Nordic Design AS", "ref 7", "12",
                                "{a,\"b c\"}", "{3,1,2}", "{\"k\": [1, 2]}"}});
  Everything e;
  ReadColumns(r, 0, 0, e.id, e.count, e.flag, e.ratio, e.text, e.maybe_text, e.maybe_id, e.names, e.ids, e.json);
  EXPECT_EQ(e.id, 9007199254740993);
  EXPECT_EQ(e.count, 42);
  EXPECT_TRUE(e.flag);
  EXPECT_DOUBLE_EQ(e.ratio, 0.875);
  EXPECT_EQ(e.text, "Nordic Design AS");
  EXPECT_EQ(e.maybe_text, "ref 7");
  EXPECT_EQ(e.maybe_id, 12);
  EXPECT_EQ(e.names, (std::vector<std::string>{"a", "b c"}));
  EXPECT_EQ(e.ids, (std::vector<int64_t>{3, 1, 2}));
  EXPECT_EQ(e.json, (nlohmann::json{{"k", {1, 2}}}));
}

TEST(ReadColumns, NullsReadAsEmptyOrAbsent) {
  const PgResult r = Rows(5, {{std::nullopt, std::nullopt, std::nullopt, std::nullopt, "f"}});
  std::string text = "was here";
  std::optional<std::string> maybe_text = "was here";
  std::optional<int64_t> maybe_id = 5;
  std::vector<std::string> names{"was here"};
  bool flag = true;
  ReadColumns(r, 0, 0, text, maybe_text, maybe_id, names, flag);
  EXPECT_EQ(text, "");
  EXPECT_EQ(maybe_text, std::nullopt);
  EXPECT_EQ(maybe_id, std::nullopt);
  EXPECT_TRUE(names.empty());
  EXPECT_FALSE(flag);
}

TEST(ReadColumns, StartsAtTheColumnGivenAndJsonThatDoesNotParseIsDiscarded) {
  const PgResult r = Rows(3, {{"skipped", "7", "{not json"}});
  int count = 0;
  nlohmann::json json;
  ReadColumns(r, 0, 1, count, json);
  EXPECT_EQ(count, 7);
  EXPECT_TRUE(json.is_discarded());
}

TEST(ReadAll, EveryRowInOrderAndReadFirstTheFirstOrNone) {
  const PgResult r = Rows(2, {{"1", "a"}, {"2", "b"}, {"3", std::nullopt}});
  auto read = [](const PgResult& rows, int i) {
    std::pair<int64_t, std::optional<std::string>> row;
    ReadColumns(rows, i, 0, row.first, row.second);
    return row;
  };
  const auto all = ReadAll(r, read);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], (std::pair<int64_t, std::optional<std::string>>{1, "a"}));
  EXPECT_EQ(all[2], (std::pair<int64_t, std::optional<std::string>>{3, std::nullopt}));
  EXPECT_EQ(ReadFirst(r, read), all[0]);
  EXPECT_EQ(ReadFirst(Rows(2, {}), read), std::nullopt);
}

TEST(ConfidenceText, FourDecimalsWithinZeroAndOne) {
  EXPECT_EQ(ConfidenceText(0.87654), "0.8765");
  EXPECT_EQ(ConfidenceText(1.5), "1.0000");
  EXPECT_EQ(ConfidenceText(-0.2), "0.0000");
}

}  // namespace
}  // namespace recon::storage
