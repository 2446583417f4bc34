// Releasing the GIL around long crypto operations.
//
// Only core calls that touch no Python object run without the GIL: the
// arguments are copied into C++ values (or are views into immutable `bytes`
// the caller keeps alive) before the release, and results become Python
// objects after the GIL is back.
//
// The GIL also serializes calls on one stateful C++ object (a streaming
// digest, HMAC or cipher). Once an update runs without it, two Python
// threads could drive the same object at once, so every method of such an
// object takes the object's lock (hashlib gives each hash object a lock for
// the same reason). The locks come from a small striped table keyed by the
// object's address, which needs no change to the core classes. Deadlock
// freedom: a thread never blocks on an object lock while holding the GIL
// (ObjectGuard releases the GIL before waiting), and never holds two
// object locks.
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <mutex>
#include <optional>
#include <utility>

namespace cryptoshim::py {

// Buffers at least this long are hashed or ciphered without the GIL (the
// threshold hashlib uses, HASHLIB_GIL_MINSIZE): below it, dropping and
// retaking the GIL costs more than the work.
inline constexpr size_t kReleaseGilMinSize = 2048;

std::mutex& ObjectLock(const void* object);

// Holds `object`'s lock for its lifetime, with the GIL still held on return.
class ObjectGuard {
 public:
  explicit ObjectGuard(const void* object) : mu_(ObjectLock(object)) {
    if (!mu_.try_lock()) {
      pybind11::gil_scoped_release release;
      mu_.lock();
    }
  }
  ~ObjectGuard() { mu_.unlock(); }
  ObjectGuard(const ObjectGuard&) = delete;
  ObjectGuard& operator=(const ObjectGuard&) = delete;

 private:
  std::mutex& mu_;
};

// fn() without the GIL; its result must not be or hold a Python object.
template <typename F>
auto WithoutGil(F&& fn) {
  std::optional<decltype(fn())> out;
  {
    pybind11::gil_scoped_release release;
    out.emplace(fn());
  }
  return std::move(*out);
}

// fn() on a stateful object under its lock, without the GIL when `size`
// (the input length) makes the work long enough to be worth it.
template <typename F>
auto LockedCall(const void* object, size_t size, F&& fn) {
  if (size < kReleaseGilMinSize) {
    ObjectGuard guard(object);
    return fn();
  }
  return WithoutGil([&] {
    std::lock_guard<std::mutex> lock(ObjectLock(object));
    return fn();
  });
}

}  // namespace cryptoshim::py
