// What CoreBridge needs from the platform, in the generated types: one method per effect. The
// app implements it with the cruxpasskey kit (KitEffects); the JVM check implements the kit's
// interfaces with fakes behind the same KitEffects.

package com.cruxpasskey.android.core

import com.cruxpasskey.shared.types.HttpRequest
import com.cruxpasskey.shared.types.HttpResult
import com.cruxpasskey.shared.types.PasskeyOperation
import com.cruxpasskey.shared.types.PasskeyResult
import com.cruxpasskey.shared.types.SessionStoreOperation
import com.cruxpasskey.shared.types.SessionStoreResult
import com.cruxpasskey.shared.types.TimeRequest
import com.cruxpasskey.shared.types.TimeResponse

interface EffectHandlers {
    suspend fun http(request: HttpRequest): HttpResult

    suspend fun passkey(operation: PasskeyOperation): PasskeyResult

    /** The answer to a passkey request the shell cancelled (autofill off, or replaced). */
    fun passkeyAborted(why: String): PasskeyResult

    /** True when a passkey sheet could be shown now (an activity is attached). */
    val canShowPasskeyUi: Boolean

    suspend fun sessionStore(operation: SessionStoreOperation): SessionStoreResult

    /**
     * Calls `answer` at most once: at once for Now and Clear, when the timer fires for
     * NotifyAfter and NotifyAt, and never for a timer that a Clear cancelled.
     */
    fun time(request: TimeRequest, answer: (TimeResponse) -> Unit)

    /** Stops every timer: the core is going away. */
    fun close()
}
