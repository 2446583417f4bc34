// Entry-level access to a distinguished name, for callers that address RDN
// entries by index (X509_NAME_get_entry / X509_NAME_ENTRY) and print names
// with X509_NAME_print_ex flags.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cryptoshim/asn1_string.h"
#include "cryptoshim/bytes.h"
#include "cryptoshim/status.h"
#include "cryptoshim/x509_name.h"

namespace cryptoshim {

struct NameEntryObject {
  int nid = 0;
  std::string short_name;  // "CN", or the dotted OID when OpenSSL has no name
  std::string oid;         // dotted form
};

// X509_NAME_add_entry_by_txt: `type` is an MBSTRING_* or V_ASN1_* code,
// `loc` -1 appends, `set` 0 starts a new RDN (-1/1 join the previous/next).
Status AddNameEntryByText(const X509Name& name, std::string_view field, int type, BytesView value,
                          int loc, int set);

// X509_NAME_print_ex; flags 0 (XN_FLAG_COMPAT) is the historical one-line form.
StatusOr<std::string> PrintName(const X509Name& name, int indent, unsigned long flags);

// Indices of the entries whose attribute is `nid`, in order.
std::vector<int> NameEntryIndices(const X509Name& name, int nid);

StatusOr<NameEntryObject> NameEntryObjectAt(const X509Name& name, int index);
// The entry's value, viewed in place (it follows later set_data calls).
Asn1String NameEntryDataAt(const X509Name& name, int index);
Status SetNameEntryData(const X509Name& name, int index, int type, BytesView value);
Status SetNameEntryObject(const X509Name& name, int index, int nid);
// X509_NAME_add_entry of a copy of `source`'s entry at `index` (how an entry
// moves between names).
Status AddNameEntryCopy(const X509Name& name, const X509Name& source, int index, int loc, int set);
// X509_NAME_delete_entry: removes the entry at `index` (a caller that hands
// the removed entry out copies it beforehand with AddNameEntryCopy).
Status DeleteNameEntry(const X509Name& name, int index);

}  // namespace cryptoshim
