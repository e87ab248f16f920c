#include "storage/open_item_store.hpp"

#include "storage/row_mapping.hpp"

namespace recon::storage {
namespace {

constexpr Sql kCreateStaging{"create_item_staging",
                             "CREATE TEMP TABLE IF NOT EXISTS items_in (company TEXT, external_id TEXT, kind TEXT,"
                             " partner_id TEXT, partner_name TEXT, partner_accounts TEXT[], document_number TEXT,"
                             " structured_reference TEXT, amount BIGINT, erp_open_amount BIGINT, currency CHAR(3),"
                             " issue_date DATE, due_date DATE) ON COMMIT DELETE ROWS"};

constexpr Sql kCopyItems{"copy_items",
                         "COPY items_in (company, external_id, kind, partner_id, partner_name, partner_accounts,"
                         " document_number, structured_reference, amount, erp_open_amount, currency, issue_date,"
                         " due_date) FROM STDIN"};

// Items whose new open amount would fall below recond's allocations: refused as a whole.
// One index lookup per staged item (LATERAL ... OFFSET 0): the staging table has no
// statistics and open_items' lag behind a large push, and the planner's join then scanned
// the stored items once per chunk — a push of 1,000,000 items grew quadratic.
constexpr Sql kFindOverAllocated{
    "find_over_allocated_items",
    "SELECT i.external_id FROM items_in i CROSS JOIN LATERAL"
    " (SELECT o.allocated_amount FROM open_items o WHERE o.company = i.company AND o.external_id = i.external_id"
    "  OFFSET 0) o"
    " WHERE NOT ((i.erp_open_amount >= 0 AND o.allocated_amount BETWEEN 0 AND i.erp_open_amount)"
    "  OR (i.erp_open_amount < 0 AND o.allocated_amount BETWEEN i.erp_open_amount AND 0)) LIMIT 5"};

constexpr Sql kUpsert{
    "upsert_items",
    "WITH up AS ("
    " INSERT INTO open_items AS o (company, external_id, kind, partner_id, partner_name, partner_accounts,"
    "  document_number, structured_reference, amount, erp_open_amount, currency, issue_date, due_date)"
    " SELECT company, external_id, kind, partner_id, partner_name, partner_accounts, document_number,"
    "  structured_reference, amount, erp_open_amount, currency, issue_date, due_date FROM items_in"
    " ON CONFLICT (company, external_id) DO UPDATE SET kind = EXCLUDED.kind, partner_id = EXCLUDED.partner_id,"
    "  partner_name = EXCLUDED.partner_name, partner_accounts = EXCLUDED.partner_accounts,"
    "  document_number = EXCLUDED.document_number, structured_reference = EXCLUDED.structured_reference,"
    "  amount = EXCLUDED.amount, erp_open_amount = EXCLUDED.erp_open_amount, currency = EXCLUDED.currency,"
    "  issue_date = EXCLUDED.issue_date, due_date = EXCLUDED.due_date, updated_at = now()"
    " WHERE (o.kind, o.partner_id, o.partner_name, o.partner_accounts, o.document_number, o.structured_reference,"
    "  o.amount, o.erp_open_amount, o.currency, o.issue_date, o.due_date) IS DISTINCT FROM"
    "  (EXCLUDED.kind, EXCLUDED.partner_id, EXCLUDED.partner_name, EXCLUDED.partner_accounts,"
    "  EXCLUDED.document_number, EXCLUDED.structured_reference, EXCLUDED.amount, EXCLUDED.erp_open_amount,"
    "  EXCLUDED.currency, EXCLUDED.issue_date, EXCLUDED.due_date)"
    " RETURNING (xmax = 0) AS inserted)"
    " SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up"};

constexpr const char* kItemColumns =
    "id, company, external_id, kind, partner_id, partner_name, partner_accounts, document_number,"
    " structured_reference, amount, erp_open_amount - allocated_amount, currency, issue_date::text, due_date::text";

// Every filter is optional (NULL = not asked). Text parameters arrive as ILIKE patterns
// ("%part%", wildcards escaped); with pg_trgm (migration 0007) the text filters use
// trigram indexes, amounts and due dates btree indexes.
const std::string kListText = std::string("SELECT ") + kItemColumns +
    " FROM open_items WHERE company = $1 AND id > $2::bigint"
    " AND ($3::text IS NULL OR ($3 = 'open') = (erp_open_amount <> allocated_amount))"
    " AND ($4::text IS NULL OR partner_id = $4)"
    " AND ($6::bigint IS NULL OR erp_open_amount - allocated_amount = $6::bigint)"
    " AND ($7::bigint IS NULL OR erp_open_amount - allocated_amount >= $7::bigint)"
    " AND ($8::bigint IS NULL OR erp_open_amount - allocated_amount <= $8::bigint)"
    " AND ($9::text IS NULL OR lower(partner_id) = lower($10::text) OR partner_name ILIKE $9)"
    " AND ($11::text IS NULL OR document_number ILIKE $11)"
    " AND ($12::text IS NULL OR document_number ILIKE $12 OR partner_name ILIKE $12 OR external_id ILIKE $12)"
    " AND ($13::date IS NULL OR due_date >= $13::date)"
    " AND ($14::date IS NULL OR due_date <= $14::date)"
    " AND ($15::text IS NULL OR kind = $15)"
    " AND ($16::text IS NULL OR currency = $16)"
    " ORDER BY id LIMIT $5::int";
const Sql kList{"list_open_items", kListText.c_str()};

const std::string kLoadOpenText = std::string("SELECT ") + kItemColumns +
    " FROM open_items WHERE company = $1 AND erp_open_amount <> allocated_amount ORDER BY id";
const Sql kLoadOpen{"load_open_items", kLoadOpenText.c_str()};


void AppendOpt(std::string& out, const std::optional<std::string>& v) {
  out += '\t';
  if (v) AppendCopyField(out, *v);
  else AppendCopyNull(out);
}

void AppendItemRow(std::string& out, const OpenItem& item) {
  AppendCopyField(out, item.company);
  out += '\t';
  AppendCopyField(out, item.external_id);
  out += '\t';
  out += OpenItemKindName(item.kind);
  AppendOpt(out, item.partner_id);
  AppendOpt(out, item.partner_name);
  out += '\t';
  AppendCopyField(out, TextArray(item.partner_accounts));
  AppendOpt(out, item.document_number);
  AppendOpt(out, item.structured_reference);
  out += '\t' + std::to_string(item.amount.minor) + '\t' + std::to_string(item.open_amount.minor) + '\t';
  out += item.amount.currency.code();
  out += '\t';
  if (item.issue_date) out += item.issue_date->ToIso();
  else AppendCopyNull(out);
  out += '\t';
  if (item.due_date) out += item.due_date->ToIso();
  else AppendCopyNull(out);
  out += '\n';
}

OpenItem ReadItem(const PgResult& r, int row) {
  OpenItem item;
  item.id = r.int64(row, 0);
  item.company = r.text(row, 1);
  item.external_id = r.text(row, 2);
  item.kind = ParseOpenItemKind(r.text(row, 3)).value_or(OpenItemKind::kReceivable);
  item.partner_id = r.opt_text(row, 4);
  item.partner_name = r.opt_text(row, 5);
  item.partner_accounts = ParseTextArray(r.text(row, 6));
  item.document_number = r.opt_text(row, 7);
  item.structured_reference = r.opt_text(row, 8);
  item.amount = StoredMoney(r.int64(row, 9), r.text(row, 11));
  item.open_amount = StoredMoney(r.int64(row, 10), r.text(row, 11));
  if (!r.is_null(row, 12)) {
    if (auto d = Date::ParseIso(r.text(row, 12))) item.issue_date = *d;
  }
  if (!r.is_null(row, 13)) {
    if (auto d = Date::ParseIso(r.text(row, 13))) item.due_date = *d;
  }
  return item;
}

}  // namespace

Result<UpsertCounts> OpenItemStore::Upsert(const std::vector<OpenItem>& items) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  PgConnection& c = **conn;
  Transaction tx(c);
  if (!tx.begin_status()) return tx.begin_status().error();
  const ScopedTimeouts bulk(c, TimeoutLevel::kBulk);  // a push of many thousand items
  if (auto r = c.Exec(kCreateStaging); !r) return r.take_error();

  constexpr size_t kCopyChunkBytes = 1 << 20;
  if (Status s = c.CopyBegin(kCopyItems); !s) return s.error();
  std::string buffer;
  for (const OpenItem& item : items) {
    AppendItemRow(buffer, item);
    if (buffer.size() >= kCopyChunkBytes) {
      if (Status s = c.CopyPut(buffer); !s) return s.error();
      buffer.clear();
    }
  }
  if (!buffer.empty()) {
    if (Status s = c.CopyPut(buffer); !s) return s.error();
  }
  if (Status s = c.CopyEnd(); !s) return s.error();

  auto over = c.Exec(kFindOverAllocated);
  if (!over) return over.take_error();
  if (over->rows() > 0) {
    std::string ids;
    for (int i = 0; i < over->rows(); ++i) ids += (i ? ", " : "") + std::string(over->text(i, 0));
    return MakeError(ErrorCode::kConflict,
                     "open_amount would fall below what recond has already allocated for: " + ids +
                         "; reverse those matches first or send the open amount before recond's matches");
  }
  auto counts = c.Exec(kUpsert);
  if (!counts) return counts.take_error();
  UpsertCounts out;
  out.inserted = counts->int64(0, 0);
  out.updated = counts->int64(0, 1);
  out.unchanged = static_cast<int64_t>(items.size()) - out.inserted - out.updated;
  if (Status s = tx.Commit(); !s) return s.error();
  return out;
}

Result<std::vector<OpenItem>> OpenItemStore::List(const OpenItemFilter& f) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto number = [](const std::optional<int64_t>& v) {
    return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
  };
  auto contains = [](const std::optional<std::string>& v) {
    return v ? std::optional<std::string>(LikeContainsPattern(*v)) : std::nullopt;
  };
  auto r = (*conn)->Exec(kList, {f.company, std::to_string(f.after_id), f.status, f.partner_id,
                                 std::to_string(f.limit), number(f.open_amount), number(f.open_amount_min),
                                 number(f.open_amount_max), contains(f.partner), f.partner, contains(f.document),
                                 contains(f.text), f.due_from, f.due_to, f.kind, f.currency});
  if (!r) return r.take_error();
  std::vector<OpenItem> out;
  out.reserve(r->rows());
  for (int i = 0; i < r->rows(); ++i) out.push_back(ReadItem(*r, i));
  return out;
}

Result<std::vector<OpenItem>> OpenItemStore::LoadOpen(PgConnection& conn, const std::string& company) {
  // Row by row from the database: a million items are then held once, not also as one
  // result of text beside them.
  std::vector<OpenItem> out;
  Status s = conn.ExecEachRow(kLoadOpen, {company}, [&out](const PgResult& r, int row) {
    out.push_back(ReadItem(r, row));
    return Status::Ok();
  });
  if (!s) return s.error();
  return out;
}

}  // namespace recon::storage
