import FrontDoorDomain
import Vapor

/// What a route needs, written where the route is registered, so that the permission matrix
/// test can call every route as every role and the documentation can list them.
enum RouteAccess: Sendable, Equatable {
    /// Anyone: signing in itself.
    case everyone
    /// Any signed-in user (their own profile, the authorities they are granted).
    case signedIn
    case permission(Permission)
}

extension Route {
    @discardableResult
    func requires(_ permission: Permission) -> Route {
        userInfo["access"] = RouteAccess.permission(permission)
        return self
    }

    @discardableResult
    func requiresSignIn(public isPublic: Bool = false) -> Route {
        userInfo["access"] = isPublic ? RouteAccess.everyone : RouteAccess.signedIn
        return self
    }

    var access: RouteAccess? { userInfo["access"] as? RouteAccess }
}
