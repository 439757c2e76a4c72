// The JVM check of the Android shell's plain Kotlin against the real core (run.sh).

package com.cruxpasskey.jvmcheck

import kotlin.system.exitProcess

fun main() {
    val suite = Suite()
    println("error mapping")
    mappingScenarios(suite)
    println("kit and rules")
    kitScenarios(suite)
    println("flows through the real core (libshared.so via uniffi and JNA)")
    flowScenarios(suite)
    println("signals and the display name through the real core")
    signalScenarios(suite)
    println("re-authentication and signing out everywhere through the real core")
    reauthScenarios(suite)
    exitProcess(suite.finish())
}
