/*
 * ThreadSanitizer annotations for Swift's Synchronization.Mutex on Linux, loaded with LD_PRELOAD by
 * scripts/sanitize.sh. Not part of any product.
 *
 * Why: Mutex.withLock is inlined into our (instrumented) code, but when the lock is contended it
 * waits and hands over in _MutexHandle._lockSlow / _unlockSlow inside the toolchain's
 * libswiftSynchronization.so, with futex system calls. That library is not instrumented and TSan
 * does not model futexes, so TSan sees no happens-before edge between two critical sections and
 * reports every contended Mutex as a race. scripts/tsan/MutexRepro shows it: two tasks incrementing
 * a Mutex<Int> 100,000 times each end with the right count and a TSan "Swift access race" report.
 * A suppression cannot name the lock: withLock is @_transparent, so no Mutex frame is left in the
 * report's stacks, only the closure's own.
 *
 * What: the three slow-path entry points are interposed and forwarded to the real ones, telling TSan
 * that the lock was released (before _unlockSlow) or acquired (after _lockSlow, or a successful
 * _tryLockSlow), on the address of the lock word. The fast paths are atomics on that same word,
 * which TSan already sees. Real races stay visible: MutexRepro's "race" mode is still reported.
 * If the toolchain renames these symbols, nothing is interposed and TSan reports the Mutex again:
 * scripts/sanitize.sh checks that with MutexRepro before it runs the suites.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>

/* Swift passes `self` (a borrowed, address-only _MutexHandle) in the swiftself register. */
#define SWIFTCALL __attribute__((swiftcall))
#define SWIFT_SELF __attribute__((swift_context))

#define LOCK_SLOW "$s15Synchronization12_MutexHandleV9_lockSlowyys6UInt32VF"
#define TRY_LOCK_SLOW "$s15Synchronization12_MutexHandleV12_tryLockSlowSbyF"
#define UNLOCK_SLOW "$s15Synchronization12_MutexHandleV11_unlockSlowyyF"

typedef SWIFTCALL void (*lock_slow_t)(uint32_t, void *SWIFT_SELF);
typedef SWIFTCALL bool (*try_lock_slow_t)(void *SWIFT_SELF);
typedef SWIFTCALL void (*unlock_slow_t)(void *SWIFT_SELF);
typedef void (*annotation_t)(void *);

/* Resolved on first use. Several threads may resolve at once: they store the same values. */
static lock_slow_t real_lock_slow;
static try_lock_slow_t real_try_lock_slow;
static unlock_slow_t real_unlock_slow;
static annotation_t tsan_acquire;
static annotation_t tsan_release;

static void *resolve(void **slot, void *handle, const char *name) {
    void *found = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (!found) {
        found = dlsym(handle, name);
        __atomic_store_n(slot, found, __ATOMIC_RELEASE);
    }
    return found;
}

/* __tsan_acquire / __tsan_release live in the instrumented executable; absent elsewhere. */
static void annotate(void **slot, const char *name, void *address) {
    annotation_t annotation = (annotation_t)resolve(slot, RTLD_DEFAULT, name);
    if (annotation) annotation(address);
}

SWIFTCALL void $s15Synchronization12_MutexHandleV9_lockSlowyys6UInt32VF(uint32_t self_id, void *SWIFT_SELF lock) {
    ((lock_slow_t)resolve((void **)&real_lock_slow, RTLD_NEXT, LOCK_SLOW))(self_id, lock);
    annotate((void **)&tsan_acquire, "__tsan_acquire", lock);
}

SWIFTCALL bool $s15Synchronization12_MutexHandleV12_tryLockSlowSbyF(void *SWIFT_SELF lock) {
    bool locked = ((try_lock_slow_t)resolve((void **)&real_try_lock_slow, RTLD_NEXT, TRY_LOCK_SLOW))(lock);
    if (locked) annotate((void **)&tsan_acquire, "__tsan_acquire", lock);
    return locked;
}

SWIFTCALL void $s15Synchronization12_MutexHandleV11_unlockSlowyyF(void *SWIFT_SELF lock) {
    annotate((void **)&tsan_release, "__tsan_release", lock);
    ((unlock_slow_t)resolve((void **)&real_unlock_slow, RTLD_NEXT, UNLOCK_SLOW))(lock);
}
