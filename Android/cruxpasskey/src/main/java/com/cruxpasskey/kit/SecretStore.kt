// The session store half of the bridge contract (docs/bridge-protocol.md, "Session store"): one
// opaque secret value, kept byte for byte, in the kit's own types.

package com.cruxpasskey.kit

sealed interface StoreOutcome {
    /** The answer to load: the kept value, or null when nothing is kept. */
    data class Loaded(val value: String?) : StoreOutcome

    /** A save or delete went through. */
    data object Done : StoreOutcome

    /** The platform's storage failed; `detail` keeps its exception type and text. */
    data class Failed(val detail: String) : StoreOutcome
}

/** Secret storage for one value. Implementations never throw, except CancellationException. */
interface SecretStore {
    suspend fun load(): StoreOutcome

    suspend fun save(value: String): StoreOutcome

    /** Also Done when nothing was kept. */
    suspend fun delete(): StoreOutcome
}
