// android.app.Activity (a Context), android.jar API 35.
// Source: https://developer.android.com/reference/android/app/Activity
package android.app

import android.content.Context

abstract class Activity : Context()
