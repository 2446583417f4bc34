#include "cryptoshim/x509_name_entries.h"

#include <openssl/objects.h>
#include <openssl/x509.h>

#include <climits>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

StatusOr<X509_NAME_ENTRY*> EntryAt(const X509Name& name, int index) {
  X509_NAME* n = name.get0();
  if (n == nullptr || index < 0 || index >= X509_NAME_entry_count(n)) {
    return Status(ErrorCode::kInvalidArgument, "name entry index out of range");
  }
  return X509_NAME_get_entry(n, index);
}

Status CheckLength(BytesView value) {
  if (value.size() > static_cast<size_t>(INT_MAX)) {
    return Status(ErrorCode::kInvalidArgument, "value too long");
  }
  return Status::Ok();
}

}  // namespace

Status AddNameEntryByText(const X509Name& name, std::string_view field, int type, BytesView value,
                          int loc, int set) {
  CS_RETURN_IF_ERROR(CheckLength(value));
  X509_NAME* n = name.get0();
  if (n == nullptr) return Status(ErrorCode::kInvalidArgument, "name is absent");
  ClearErrorQueue();
  if (X509_NAME_add_entry_by_txt(n, std::string(field).c_str(), type,
                                 reinterpret_cast<const unsigned char*>(value.data()),
                                 static_cast<int>(value.size()), loc, set) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument,
                          "cannot add name entry '" + std::string(field) + "'");
  }
  return Status::Ok();
}

StatusOr<std::string> PrintName(const X509Name& name, int indent, unsigned long flags) {
  X509_NAME* n = name.get0();
  if (n == nullptr) return Status(ErrorCode::kInvalidArgument, "name is absent");
  auto bio = NewMemBio();
  ClearErrorQueue();
  if (!bio || X509_NAME_print_ex(bio.get(), n, indent, flags) < 0) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_NAME_print_ex failed");
  }
  return MemBioContents(bio.get());
}

std::vector<int> NameEntryIndices(const X509Name& name, int nid) {
  std::vector<int> out;
  X509_NAME* n = name.get0();
  if (n == nullptr) return out;
  for (int pos = X509_NAME_get_index_by_NID(n, nid, -1); pos >= 0;
       pos = X509_NAME_get_index_by_NID(n, nid, pos)) {
    out.push_back(pos);
  }
  ClearErrorQueue();  // an unknown nid leaves an error behind
  return out;
}

StatusOr<NameEntryObject> NameEntryObjectAt(const X509Name& name, int index) {
  CS_ASSIGN_OR_RETURN(X509_NAME_ENTRY * entry, EntryAt(name, index));
  const ASN1_OBJECT* obj = X509_NAME_ENTRY_get_object(entry);
  NameEntryObject out;
  out.nid = OBJ_obj2nid(obj);
  char buf[128];
  int len = OBJ_obj2txt(buf, sizeof(buf), obj, 1);
  if (len > 0 && static_cast<size_t>(len) < sizeof(buf))
    out.oid.assign(buf, static_cast<size_t>(len));
  const char* sn = out.nid != NID_undef ? OBJ_nid2sn(out.nid) : nullptr;
  out.short_name = sn != nullptr ? sn : out.oid;
  return out;
}

Asn1String NameEntryDataAt(const X509Name& name, int index) {
  return Asn1String::View([name, index]() -> ASN1_STRING* {
    X509_NAME* n = name.get0();
    if (n == nullptr || index < 0 || index >= X509_NAME_entry_count(n)) return nullptr;
    return X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, index));
  });
}

Status SetNameEntryData(const X509Name& name, int index, int type, BytesView value) {
  CS_RETURN_IF_ERROR(CheckLength(value));
  CS_ASSIGN_OR_RETURN(X509_NAME_ENTRY * entry, EntryAt(name, index));
  ClearErrorQueue();
  if (X509_NAME_ENTRY_set_data(entry, type, reinterpret_cast<const unsigned char*>(value.data()),
                               static_cast<int>(value.size())) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "cannot set name entry data");
  }
  return Status::Ok();
}

Status SetNameEntryObject(const X509Name& name, int index, int nid) {
  CS_ASSIGN_OR_RETURN(X509_NAME_ENTRY * entry, EntryAt(name, index));
  const ASN1_OBJECT* obj = OBJ_nid2obj(nid);
  ClearErrorQueue();
  if (obj == nullptr || X509_NAME_ENTRY_set_object(entry, obj) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "cannot set name entry object");
  }
  return Status::Ok();
}

Status AddNameEntryCopy(const X509Name& name, const X509Name& source, int index, int loc, int set) {
  CS_ASSIGN_OR_RETURN(X509_NAME_ENTRY * entry, EntryAt(source, index));
  X509_NAME* n = name.get0();
  if (n == nullptr) return Status(ErrorCode::kInvalidArgument, "name is absent");
  ClearErrorQueue();
  // X509_NAME_add_entry copies the entry, so source and name may be the same.
  if (X509_NAME_add_entry(n, entry, loc, set) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "cannot add name entry");
  }
  return Status::Ok();
}

Status DeleteNameEntry(const X509Name& name, int index) {
  CS_ASSIGN_OR_RETURN(X509_NAME_ENTRY * entry, EntryAt(name, index));
  (void)entry;
  X509_NAME_ENTRY_free(X509_NAME_delete_entry(name.get0(), index));
  return Status::Ok();
}

}  // namespace cryptoshim
