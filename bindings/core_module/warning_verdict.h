// What the warnings machinery would do with a call site's legacy warning,
// remembered so that a repeat call it would drop skips PyErr_WarnEx.
//
// PyErr_WarnEx costs 5,000 to 10,000 instructions per call even when it
// shows nothing: it walks to the frame, computes the line, builds the key
// and the warning, then either finds the key in the module's
// __warningregistry__ (the "default", "module" and "once" actions show a
// warning once per text, category and line) or scans the filters to an
// "ignore". Python's own default filters ignore DeprecationWarning outside
// __main__ through a filter restricted to a module, so no process-wide
// verdict (FilterCache) holds, and every legacy call of every library using
// a legacy API paid that, more than the legacy call itself.
//
// A verdict holds while the filters are those it was found under
// (FilterCache::generation) and the caller runs with the globals it was
// found for (held, so the address is never another dict's: one namespace
// per site, as the site cache holds one code object per site). "always" and
// "error" are never remembered: those calls still reach the warnings
// machinery every time. The filters are compared as FilterCache compares
// them (the list object, its length and its two ends, which every warnings
// function and catch_warnings change): an in-place edit of a middle entry
// that keeps all of those is not seen until one of them changes.
//
// Thread contract: only touched with the GIL held.
#pragma once

#include <Python.h>

#include <cstdint>

#include "dict_slot.h"

namespace cryptoshim::py {

class WarningVerdict {
 public:
  WarningVerdict() = default;
  WarningVerdict(const WarningVerdict&) = delete;
  WarningVerdict& operator=(const WarningVerdict&) = delete;
  ~WarningVerdict() { Clear(); }

  // Whether warn_explicit would drop this site's warning now, called from
  // code with `globals`, under the filters of generation `filters`. Never
  // sets an error.
  bool Drops(PyObject* globals, uint64_t filters) const {
    if (kind_ == Kind::kNone || filters != filters_ || globals != globals_) return false;
    return kind_ == Kind::kIgnored || ShownDropped();
  }

  // Before warning: whether the first filter of `filter_list` (warnings.filters)
  // matching the warning, as warn_explicit matches it against the caller's
  // module and line, says "ignore". A yes is remembered. No (an error
  // included, which is cleared) leaves it to PyErr_WarnEx.
  bool Ignores(PyObject* filter_list, uint64_t filters, PyObject* globals, PyObject* text,
               PyObject* category, int lineno);

  // After PyErr_WarnEx(category, text) returned at that caller: remembers
  // the registry entry it left, if any (none under "always"). Never sets an
  // error.
  void RecordShown(PyObject* globals, PyObject* text, PyObject* category, int lineno,
                   uint64_t filters);

  void Clear();

 private:
  enum class Kind { kNone, kIgnored, kShown };

  // kShown: whether the registry still suppresses the warning.
  bool ShownDropped() const;
  // The whole verdict at once; takes the references passed.
  void Set(Kind kind, PyObject* globals, PyObject* registry, PyObject* key, long version,
           uint64_t filters);

  Kind kind_ = Kind::kNone;
  uint64_t filters_ = 0;
  PyObject* globals_ = nullptr;   // owned: the caller's globals (compared by identity)
  PyObject* registry_ = nullptr;  // owned, kShown: the module's __warningregistry__
  PyObject* key_ = nullptr;       // owned, kShown: (text, category, lineno)
  long version_ = -1;             // kShown: registry['version'] (the filters' version)
  // kShown: the version tags (up to 3.11 a dict's changes with every change
  // to it) of the globals and of the registry when last found dropping:
  // while they hold, the lookups are skipped.
  mutable uint64_t globals_tag_ = 0;
  mutable uint64_t registry_tag_ = 0;
  // kShown: where globals_ holds registry_ (re-checked when globals_ changed).
  mutable DictSlot registry_slot_;
};

}  // namespace cryptoshim::py
