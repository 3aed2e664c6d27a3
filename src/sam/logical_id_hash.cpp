// SAM names some generated resources after a hash of a value (custom domains, Route 53
// record set groups, negated conditions): the first ten hex digits of the SHA-1 of the value
// as text, where a string is taken as it is and anything else as compact JSON with sorted
// keys. SHA-1 is written out here (FIPS 180-4) because the project takes no crypto library.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "sam/values.h"

namespace cfn::sam {

namespace {

uint32_t rotate_left(uint32_t value, int bits) { return (value << bits) | (value >> (32 - bits)); }

void sha1_block(std::array<uint32_t, 5>& state, const unsigned char* block) {
  uint32_t words[80];
  for (int i = 0; i < 16; ++i)
    words[i] = (uint32_t{block[4 * i]} << 24) | (uint32_t{block[4 * i + 1]} << 16) | (uint32_t{block[4 * i + 2]} << 8) |
               uint32_t{block[4 * i + 3]};
  for (int i = 16; i < 80; ++i) words[i] = rotate_left(words[i - 3] ^ words[i - 8] ^ words[i - 14] ^ words[i - 16], 1);
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
  for (int i = 0; i < 80; ++i) {
    uint32_t f, k;
    if (i < 20) {
      f = (b & c) | (~b & d), k = 0x5A827999;
    } else if (i < 40) {
      f = b ^ c ^ d, k = 0x6ED9EBA1;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
    } else {
      f = b ^ c ^ d, k = 0xCA62C1D6;
    }
    uint32_t next = rotate_left(a, 5) + f + e + k + words[i];
    e = d, d = c, c = rotate_left(b, 30), b = a, a = next;
  }
  state[0] += a, state[1] += b, state[2] += c, state[3] += d, state[4] += e;
}

}  // namespace

std::string sha1_hex(std::string_view content) {
  std::vector<unsigned char> message(content.begin(), content.end());
  uint64_t bit_length = static_cast<uint64_t>(message.size()) * 8;
  message.push_back(0x80);
  while (message.size() % 64 != 56) message.push_back(0);
  for (int shift = 56; shift >= 0; shift -= 8) message.push_back(static_cast<unsigned char>(bit_length >> shift));
  std::array<uint32_t, 5> state = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  for (size_t at = 0; at < message.size(); at += 64) sha1_block(state, &message[at]);
  std::string hex;
  char digits[9];
  for (uint32_t word : state) {
    std::snprintf(digits, sizeof digits, "%08x", word);
    hex += digits;
  }
  return hex;
}

namespace {

// Python's json.dumps(ensure_ascii=True) escaping, for the few strings SAM hashes.
void append_json_string(std::string& out, std::string_view content) {
  out += '"';
  for (size_t at = 0; at < content.size(); ++at) {
    unsigned char c = static_cast<unsigned char>(content[at]);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      default: break;
    }
    char escaped[16];  // "\\u" and up to 8 hex digits: room for any uint32_t, as GCC checks
    if (c < 0x20) {
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // Decode one UTF-8 code point; outside the BMP Python writes a surrogate pair.
      int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
      uint32_t point = c & (0x3F >> extra);
      for (int i = 0; i < extra && at + 1 < content.size(); ++i)
        point = (point << 6) | (static_cast<unsigned char>(content[++at]) & 0x3F);
      if (point >= 0x10000) {
        point -= 0x10000;
        std::snprintf(escaped, sizeof escaped, "\\u%04x", 0xD800 + (point >> 10));
        out += escaped;
        point = 0xDC00 + (point & 0x3FF);
      }
      std::snprintf(escaped, sizeof escaped, "\\u%04x", point);
      out += escaped;
    }
  }
  out += '"';
}

void append_python_json(std::string& out, const Value& value) {
  if (value.is_mapping()) {
    std::vector<const Value::Entry*> entries;
    for (const Value::Entry& entry : value.entries()) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->key < b->key; });
    out += '{';
    for (size_t i = 0; i < entries.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, entries[i]->key);
      out += ':';
      append_python_json(out, entries[i]->value);
    }
    out += '}';
  } else if (value.is_sequence()) {
    out += '[';
    for (size_t i = 0; i < value.items().size(); ++i) {
      if (i) out += ',';
      append_python_json(out, value.items()[i]);
    }
    out += ']';
  } else if (value.is_null()) {
    out += "null";
  } else if (!value.quoted() && value.as_bool().has_value()) {
    out += *value.as_bool() ? "true" : "false";
  } else {
    append_json_string(out, value.text());
  }
}

}  // namespace

std::string logical_id_hash(const Value& value) {
  if (value.is_scalar() && !value.is_null()) return sha1_hex(value.text()).substr(0, 10);
  std::string json;
  append_python_json(json, value);
  return sha1_hex(json).substr(0, 10);
}

}  // namespace cfn::sam
