// FilterCache: what the active warning filters do with our warning
// categories, cached against the current warnings.filters. Asked by every
// legacy call (inline, legacy_call.h) and by every warning bind_telemetry.cc
// may issue. Touched only with the GIL held.
#pragma once

#include <Python.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>

namespace cryptoshim::py {

// Whether the active warning filters ignore a category everywhere. Asking
// the warnings machinery costs microseconds per call, so the answers are
// cached and recomputed only when warnings.filters looks different (another
// list, another length, or other first/last entries: what simplefilter,
// filterwarnings and catch_warnings change). One answer per category: the
// legacy and the insecure warning are asked in turn (a handshake's legacy
// calls, then its InsecureLegacyWarning), and a single remembered category
// made each ask look like a change of the filters, which also threw away
// every call site's WarningVerdict.
class FilterCache {
 public:
  // The answer of last time for `category`, while it still holds (warnings'
  // dict, hence warnings.filters, and the list's length and ends are those it
  // was computed on), else nullptr. Every legacy call asks, so it is inline
  // and takes no references.
  const bool* FreshAnswer(PyObject* category) const {
    const Answer* answer = answers_[0].category == category ? &answers_[0] : Find(category);
    return answer != nullptr && SnapshotFresh() ? &answer->ignored : nullptr;
  }
  // Changes whenever the filters are found to have changed (WarningVerdict's
  // records hold only while it does not).
  uint64_t generation() const { return generation_; }
  // warnings.filters as last looked at (borrowed), or nullptr.
  PyObject* list() const { return list_; }

  bool IgnoredEverywhere(PyObject* category) {
    if (SnapshotFresh()) {
      if (const Answer* answer = Find(category)) return answer->ignored;
    }
    if (warnings_ == nullptr) {
      warnings_ = PyImport_ImportModule("warnings");
      if (warnings_ == nullptr) throw pybind11::error_already_set();
      dict_ = reinterpret_cast<PyDictObject*>(PyModule_GetDict(warnings_));  // lives with warnings_
    }
    PyObject* filters = CurrentFilters();
    if (filters == nullptr) return false;
    Py_ssize_t len = PyList_GET_SIZE(filters);
    PyObject* first = len ? PyList_GET_ITEM(filters, 0) : nullptr;
    PyObject* last = len ? PyList_GET_ITEM(filters, len - 1) : nullptr;
    if (filters != list_ || len != len_ || first != first_ || last != last_) {
      Remember(filters, len, first, last);
    }
    const Answer* known = Find(category);
    const bool ignored =
        known != nullptr ? known->ignored : Learn(category, Compute(filters, category));
    Py_DECREF(filters);
    return ignored;
  }

 private:
  struct Answer {
    PyObject* category = nullptr;  // kept alive by Config
    bool ignored = false;
  };

  // Whether warnings.filters is the snapshot the answers were computed on.
  bool SnapshotFresh() const {
#if PY_VERSION_HEX < 0x030C0000
    if (list_ != nullptr && dict_->ma_version_tag == dict_version_) {
      const Py_ssize_t len = PyList_GET_SIZE(list_);
      return len == len_ && (len == 0 || (PyList_GET_ITEM(list_, 0) == first_ &&
                                          PyList_GET_ITEM(list_, len - 1) == last_));
    }
#endif
    return false;
  }

  const Answer* Find(PyObject* category) const {
    for (size_t i = 0; i < answers_used_; ++i) {
      if (answers_[i].category == category) return &answers_[i];
    }
    return nullptr;
  }

  // Records the answer for `category` (the oldest makes room when all the
  // slots are taken) and returns it.
  bool Learn(PyObject* category, bool ignored) {
    const size_t slot = answers_used_ < kAnswers ? answers_used_++ : next_evicted_++ % kAnswers;
    answers_[slot] = Answer{category, ignored};
    return ignored;
  }

  // warnings.filters (a new reference), or nullptr when it is not a list. The
  // module's dict, not getattr: this runs on every legacy call. Up to 3.11
  // the dict's version tag changes with every change to the dict, so while
  // it holds, warnings.filters is still the list looked up last time (list_,
  // referenced) and the lookup is skipped; only the list's own contents are
  // compared below.
  PyObject* CurrentFilters() {
    static PyObject* const kFilters = PyUnicode_InternFromString("filters");
    PyDictObject* dict = dict_;
#if PY_VERSION_HEX < 0x030C0000
    if (list_ != nullptr && dict->ma_version_tag == dict_version_) {
      Py_INCREF(list_);
      return list_;
    }
#endif
    PyObject* filters = PyDict_GetItemWithError(reinterpret_cast<PyObject*>(dict), kFilters);
    if (filters == nullptr || !PyList_Check(filters)) {
      PyErr_Clear();
      return nullptr;
    }
#if PY_VERSION_HEX < 0x030C0000
    // Remember() takes the list as list_ below when it differs.
    if (filters == list_) dict_version_ = dict->ma_version_tag;
    pending_version_ = dict->ma_version_tag;
#endif
    Py_INCREF(filters);
    return filters;
  }

  // A new snapshot of the filters: the answers of the old one are gone.
  void Remember(PyObject* list, Py_ssize_t len, PyObject* first, PyObject* last) {
    Py_XINCREF(list);
    Py_XINCREF(first);
    Py_XINCREF(last);
    Py_XDECREF(list_);
    Py_XDECREF(first_);
    Py_XDECREF(last_);
    list_ = list;
#if PY_VERSION_HEX < 0x030C0000
    dict_version_ = pending_version_;
#endif
    len_ = len;
    first_ = first;
    last_ = last;
    answers_used_ = 0;
    ++generation_;
  }

  // The first filter that can match decides; a filter restricted by message,
  // module or line means "maybe", which must go through warnings.warn.
  static bool Compute(PyObject* filters, PyObject* category) {
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(filters); ++i) {
      PyObject* item = PyList_GET_ITEM(filters, i);
      if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 5) return false;
      PyObject* cat = PyTuple_GET_ITEM(item, 2);
      int sub = PyObject_IsSubclass(category, cat);
      if (sub < 0) {
        PyErr_Clear();
        return false;
      }
      if (!sub) continue;
      bool unconditional =
          PyTuple_GET_ITEM(item, 1) == Py_None && PyTuple_GET_ITEM(item, 3) == Py_None &&
          PyLong_Check(PyTuple_GET_ITEM(item, 4)) && PyLong_AsLong(PyTuple_GET_ITEM(item, 4)) == 0;
      if (!unconditional) return false;
      PyObject* action = PyTuple_GET_ITEM(item, 0);
      return PyUnicode_Check(action) && PyUnicode_CompareWithASCIIString(action, "ignore") == 0;
    }
    return false;  // no filter matched: warnings.defaultaction applies
  }

  PyObject* warnings_ = nullptr;
  PyDictObject* dict_ = nullptr;  // warnings_'s __dict__
  PyObject* list_ = nullptr;
  uint64_t dict_version_ = 0;     // warnings' dict version when list_ was looked up
  uint64_t pending_version_ = 0;  // the version of the lookup in progress
  Py_ssize_t len_ = -1;
  PyObject* first_ = nullptr;
  PyObject* last_ = nullptr;
  static constexpr size_t kAnswers = 4;  // the legacy and insecure warnings, and room
  Answer answers_[kAnswers];
  size_t answers_used_ = 0;
  size_t next_evicted_ = 0;
  uint64_t generation_ = 0;
};

inline FilterCache& Filters() {
  static auto* cache = new FilterCache();
  return *cache;
}

}  // namespace cryptoshim::py
