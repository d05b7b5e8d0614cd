// GitHub App authentication as GitHub does it: the App signs a short-lived RS256 JWT with its private key (iss = App
// id) to reach /app endpoints and exchange it for an installation token; everything else needs that token.
import { createPublicKey, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import type { FakeState, IssuedToken } from "./state.ts";

export type Authenticated =
  { kind: "app"; appId: number } | { kind: "installation"; installationId: number; token: string } | { kind: "none" };

export class AuthError extends Error {}

let generatedKey: string | undefined;

/** An RSA key for the fake App when the test does not bring its own; one per process (generation is slow). */
export function generateAppKey(): string {
  if (!generatedKey) {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    generatedKey = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  }
  return generatedKey;
}

export class AppAuthority {
  private readonly publicKey: KeyObject;

  constructor(
    private readonly appId: number,
    privateKeyPem: string,
    private readonly state: FakeState,
    private readonly clock: () => Date,
  ) {
    this.publicKey = createPublicKey(privateKeyPem);
  }

  /** Who sent the request, from its Authorization header; throws AuthError with GitHub's message when invalid. */
  identify(authorization: string | undefined): Authenticated {
    if (!authorization) return { kind: "none" };
    const [scheme = "", credential = ""] = authorization.trim().split(/\s+/, 2);
    if (!/^(bearer|token)$/i.test(scheme) || !credential) throw new AuthError("Bad credentials");
    if (credential.split(".").length === 3) return { kind: "app", appId: this.verifyJwt(credential) };
    const issued = this.state.tokens.get(credential);
    if (!issued || issued.expiresAt <= this.clock()) throw new AuthError("Bad credentials");
    return { kind: "installation", installationId: issued.installationId, token: credential };
  }

  issueToken(installationId: number): IssuedToken {
    const issued: IssuedToken = {
      token: `ghs_${randomBytes(18).toString("base64url")}`,
      installationId,
      expiresAt: new Date(this.clock().getTime() + 60 * 60 * 1000),
    };
    this.state.tokens.set(issued.token, issued);
    return issued;
  }

  private verifyJwt(jwt: string): number {
    const [headerPart = "", payloadPart = "", signaturePart = ""] = jwt.split(".");
    const header = decodeJson(headerPart);
    const payload = decodeJson(payloadPart);
    if (!header || !payload) throw new AuthError("A JSON web token could not be decoded");
    if (header.alg !== "RS256") throw new AuthError(`JWT algorithm ${String(header.alg)} is not RS256`);
    const verifier = createVerify("RSA-SHA256");
    verifier.update(`${headerPart}.${payloadPart}`);
    if (!verifier.verify(this.publicKey, Buffer.from(signaturePart, "base64url"))) {
      throw new AuthError("A JSON web token could not be decoded");
    }
    const now = Math.floor(this.clock().getTime() / 1000);
    if (typeof payload.iat !== "number" || payload.iat > now + 60)
      throw new AuthError(
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.",
      );
    if (typeof payload.exp !== "number" || payload.exp <= now)
      throw new AuthError(
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.",
      );
    if (payload.exp - payload.iat > 600 + 60)
      throw new AuthError("'Expiration time' claim ('exp') is too far in the future.");
    if (String(payload.iss) !== String(this.appId))
      throw new AuthError(`'Issuer' claim ('iss') must be the App id ${this.appId}`);
    return this.appId;
  }
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
