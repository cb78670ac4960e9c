import { OptionalNameField } from '../common/name.decorator';

/** Only names: email, roles and flags are not the user's to set (ASVS 8.2.3). */
export class UpdateProfileDto {
  @OptionalNameField('Ada')
  firstName?: string | null;

  @OptionalNameField('Lovelace')
  lastName?: string | null;
}
