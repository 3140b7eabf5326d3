"""The staff user pool in AWS, from the app's own definition (chalicelib/shared/identity.py):
groups per role, the agency custom attribute, password policy, MFA (TOTP) required, short-lived
tokens, and the console's app client (no secret: the server-rendered console signs in with
USER_PASSWORD_AUTH and refreshes with the refresh token)."""
from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from cdk_nag import NagSuppressions
from constructs import Construct

from chalicelib.shared import identity


class StaffIdentity(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, removal: RemovalPolicy) -> None:
        super().__init__(scope, construct_id)
        policy = identity.PASSWORD_POLICY
        self.pool = cognito.UserPool(
            self, "Pool", user_pool_name=f"lapor-{stage}-staff",
            self_sign_up_enabled=False,  # agency admins and national admins create accounts
            sign_in_case_sensitive=False,
            # MFA for every official, admins included: Cognito sets MFA per pool, not per group.
            mfa=cognito.Mfa.REQUIRED, mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            password_policy=cognito.PasswordPolicy(
                min_length=policy.minimum_length, require_lowercase=policy.require_lowercase,
                require_uppercase=policy.require_uppercase, require_digits=policy.require_digits,
                require_symbols=policy.require_symbols,
                temp_password_validity=Duration.days(policy.temporary_password_days)),
            custom_attributes={identity.AGENCY_ATTRIBUTE: cognito.StringAttribute(min_len=1, max_len=64, mutable=True)},
            standard_attributes=cognito.StandardAttributes(
                fullname=cognito.StandardAttribute(required=False, mutable=True),
                email=cognito.StandardAttribute(required=False, mutable=True)),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            deletion_protection=removal is RemovalPolicy.RETAIN,
            removal_policy=removal,
        )
        for role in identity.StaffRole:
            cognito.CfnUserPoolGroup(self, f"Group{role.name.title().replace('_', '')}",
                                     user_pool_id=self.pool.user_pool_id, group_name=role.value,
                                     precedence=identity.ROLE_PRECEDENCE[role])
        self.client = self.pool.add_client(
            "Console", user_pool_client_name=f"lapor-{stage}-console", generate_secret=False,
            auth_flows=cognito.AuthFlow(user_password=True),
            prevent_user_existence_errors=True,
            id_token_validity=Duration.minutes(identity.TOKEN_MINUTES),
            access_token_validity=Duration.minutes(identity.TOKEN_MINUTES),
            refresh_token_validity=Duration.hours(identity.REFRESH_TOKEN_HOURS),
            read_attributes=cognito.ClientAttributes().with_standard_attributes(fullname=True, email=True)
            .with_custom_attributes(identity.AGENCY_ATTRIBUTE),
            write_attributes=cognito.ClientAttributes().with_standard_attributes(fullname=True),
        )
        threat_protection = ("Threat protection (advanced security, the Plus feature plan) is a paid plan; the "
                             "app adds its own lockout after repeated failed sign-ins (chalicelib/store/staff.py) "
                             "and MFA (TOTP) is required of every official.")
        NagSuppressions.add_resource_suppressions(self.pool, [
            {"id": "AwsSolutions-COG3", "reason": threat_protection},
            {"id": "AwsSolutions-COG8", "reason": threat_protection},
        ], apply_to_children=True)

    @property
    def environment(self) -> dict[str, str]:
        return {"LAPOR_USER_POOL_ID": self.pool.user_pool_id,
                "LAPOR_USER_POOL_CLIENT_ID": self.client.user_pool_client_id,
                "LAPOR_USER_POOL_ARN": self.pool.user_pool_arn}
