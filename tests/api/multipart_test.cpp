#include "api/multipart.hpp"

#include <gtest/gtest.h>

namespace recon::api {
namespace {

TEST(Multipart, FindsTheNamedPart) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xml\"\r\n"
      "Content-Type: application/xml\r\n\r\n<Document/>\r\n--XyZ--\r\n";
  auto part = MultipartPart("multipart/form-data; boundary=XyZ", body, "file");
  ASSERT_TRUE(part.ok()) << part.error().message;
  EXPECT_EQ(*part, "<Document/>");
  auto note = MultipartPart("multipart/form-data; boundary=\"XyZ\"", body, "note");
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(*note, "hello");
}

TEST(Multipart, RefusesWhatIsNotThere) {
  EXPECT_FALSE(MultipartPart("multipart/form-data", "x", "file").ok());
  EXPECT_FALSE(MultipartPart("multipart/form-data; boundary=B", "--B\r\nname=\"other\"\r\n\r\nx\r\n--B--", "file").ok());
  EXPECT_FALSE(MultipartPart("multipart/form-data; boundary=B", "--B\r\nContent-Disposition: form-data; "
                                                                "name=\"file\"\r\n\r\nunterminated", "file").ok());
}

}  // namespace
}  // namespace recon::api
