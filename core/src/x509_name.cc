#include "cryptoshim/x509_name.h"

#include <openssl/crypto.h>
#include <openssl/objects.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {

X509Name::X509Name(SslUniquePtr<X509_NAME> name)
    : owned_(name.release(), [](X509_NAME* n) { X509_NAME_free(n); }) {}

X509Name X509Name::View(Resolver resolve) {
  X509Name name(SslUniquePtr<X509_NAME>(nullptr));
  name.resolve_ = std::move(resolve);
  return name;
}

StatusOr<X509Name> X509Name::New() {
  SslUniquePtr<X509_NAME> name(X509_NAME_new());
  if (!name) return ErrorFromQueue(ErrorCode::kInternal, "X509_NAME_new failed");
  return X509Name(std::move(name));
}

StatusOr<X509Name> X509Name::FromDer(BytesView der) {
  ClearErrorQueue();
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  SslUniquePtr<X509_NAME> name(d2i_X509_NAME(nullptr, &p, static_cast<long>(der.size())));
  if (!name) return ErrorFromQueue(ErrorCode::kParse, "malformed DER name");
  return X509Name(std::move(name));
}

X509_NAME* X509Name::get0() const { return resolve_ ? resolve_() : owned_.get(); }

StatusOr<X509Name> X509Name::Copy() const {
  SslUniquePtr<X509_NAME> dup(X509_NAME_dup(get0()));
  if (!dup) return ErrorFromQueue(ErrorCode::kInternal, "X509_NAME_dup failed");
  return X509Name(std::move(dup));
}

StatusOr<int> X509Name::NidFromText(std::string_view text) {
  ClearErrorQueue();
  int nid = OBJ_txt2nid(std::string(text).c_str());
  // OBJ_txt2nid leaves parse errors behind for unknown text; they belong to
  // nobody, so drop them rather than let a later call report them.
  ClearErrorQueue();
  if (nid == NID_undef) return Status(ErrorCode::kInvalidArgument, "no such attribute");
  return nid;
}

int X509Name::EntryCount() const { return X509_NAME_entry_count(get0()); }

Status X509Name::SetEntry(int nid, BytesView utf8_value) {
  X509_NAME* name = get0();
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* ent = X509_NAME_get_entry(name, i);
    if (OBJ_obj2nid(X509_NAME_ENTRY_get_object(ent)) == nid) {
      X509_NAME_ENTRY_free(X509_NAME_delete_entry(name, i));
      break;
    }
  }
  return AddEntry(nid, utf8_value);
}

Status X509Name::AddEntry(int nid, BytesView utf8_value) {
  ClearErrorQueue();
  if (X509_NAME_add_entry_by_NID(get0(), nid, MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(utf8_value.data()),
                                 static_cast<int>(utf8_value.size()), -1, 0) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "cannot add name entry");
  }
  return Status::Ok();
}

StatusOr<std::optional<std::string>> X509Name::GetEntry(int nid) const {
  X509_NAME* name = get0();
  int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return std::optional<std::string>();
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  ClearErrorQueue();
  int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) return ErrorFromQueue(ErrorCode::kParse, "name entry is not convertible to UTF-8");
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
  OPENSSL_free(utf8);
  return std::optional<std::string>(std::move(out));
}

std::vector<std::pair<std::string, Bytes>> X509Name::Components() const {
  X509_NAME* name = get0();
  std::vector<std::pair<std::string, Bytes>> out;
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* ent = X509_NAME_get_entry(name, i);
    int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(ent));
    const char* sn = OBJ_nid2sn(nid);
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(ent);
    out.emplace_back(sn ? sn : "UNDEF",
                     Bytes(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                           static_cast<size_t>(ASN1_STRING_length(value))));
  }
  return out;
}

StatusOr<Bytes> X509Name::Der() const {
  unsigned char* der = nullptr;
  ClearErrorQueue();
  int len = i2d_X509_NAME(get0(), &der);
  if (len < 0) return ErrorFromQueue(ErrorCode::kInternal, "i2d_X509_NAME failed");
  Bytes out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

unsigned long X509Name::Hash() const {
  int ok = 0;
  unsigned long h = X509_NAME_hash_ex(get0(), nullptr, nullptr, &ok);
  return ok ? h : 0;
}

std::string X509Name::OneLine() const {
  char buf[512];
  if (X509_NAME_oneline(get0(), buf, sizeof(buf)) == nullptr) return std::string();
  return std::string(buf);
}

int X509Name::Compare(const X509Name& other) const { return X509_NAME_cmp(get0(), other.get0()); }

}  // namespace cryptoshim
