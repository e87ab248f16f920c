// The part of an OFX file before <OFX>: the OFX 1.x "KEY:VALUE" block
// (OFXHEADER:100, DATA:OFXSGML, VERSION:102, ENCODING:USASCII, CHARSET:1252 ...) or the
// OFX 2.x XML declaration and <?OFX OFXHEADER="200" VERSION="211" ...?> instruction.
// Some exports have no header at all and start with <OFX>; that is accepted.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "parsers/ofx/ofx_charset.hpp"
#include "recon/error.hpp"

namespace recon::ofx {

struct OfxHeader {
  enum class Kind { kNone, kSgml, kXml };
  Kind kind = Kind::kNone;
  std::string version;          // VERSION as written ("102", "211"); "" when absent
  Charset charset = Charset::kUnspecified;
  std::string charset_label;    // the declaration as written ("1252", "UTF-8"), for notes
  size_t body_offset = 0;       // where "<OFX" starts in the bytes
};

// Offset of the first "<OFX>" (or "<OFX" followed by white space), compared without case;
// npos when there is none. "<OFXHEADER>" and "<?OFX" do not count.
size_t FindBody(std::string_view text);

// Reads the header in front of the <OFX> element.
// Errors: kUnsupportedFormat when the bytes have no <OFX> element at all;
// kMalformedFile ("line N") for a header line that is neither KEY:VALUE nor XML
// declaration/instruction/comment, a DOCTYPE, COMPRESSION other than NONE, or a
// character set recond cannot convert.
Result<OfxHeader> ReadHeader(std::string_view bytes);

}  // namespace recon::ofx
