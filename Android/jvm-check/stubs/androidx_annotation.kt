// androidx.annotation.RequiresApi(api: Int), androidx.annotation:annotation 1.9.
// Source: https://developer.android.com/reference/kotlin/androidx/annotation/RequiresApi
package androidx.annotation

@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS, AnnotationTarget.FUNCTION, AnnotationTarget.CONSTRUCTOR, AnnotationTarget.FIELD, AnnotationTarget.FILE)
annotation class RequiresApi(val value: Int = 1, val api: Int = 1)
