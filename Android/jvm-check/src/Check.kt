// A tiny assertion helper: each scenario runs on its own; a failed check ends that scenario and
// is counted, and main() exits non-zero when any failed.

package com.cruxpasskey.jvmcheck

class CheckFailed(message: String) : AssertionError(message)

fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw CheckFailed(message())
}

fun <T> expectEqual(actual: T, expected: T, what: String) {
    if (actual != expected) throw CheckFailed("$what: expected <$expected>, got <$actual>")
}

class Suite {
    private val failures = mutableListOf<String>()
    private var passed = 0

    fun scenario(name: String, body: () -> Unit) {
        try {
            body()
            passed += 1
            println("  ok    $name")
        } catch (e: Throwable) {
            failures += "$name: $e"
            println("  FAIL  $name\n        $e")
            if (e !is CheckFailed) e.printStackTrace()
        }
    }

    fun finish(): Int {
        println("${passed} passed, ${failures.size} failed")
        failures.forEach { println("  failed: $it") }
        return if (failures.isEmpty()) 0 else 1
    }
}
