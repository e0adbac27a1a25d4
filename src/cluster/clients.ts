import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { RedshiftClient } from '@aws-sdk/client-redshift';

export interface AwsClients {
  redshift: RedshiftClient;
  iam: IAMClient;
  ec2: EC2Client;
}

export interface ClientOptions {
  region: string;
  /** Only when `[AWS] KEY/SECRET` are set; otherwise the SDK's standard credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Makes the three clients; tests pass their own (mocked with aws-sdk-client-mock). */
export type ClientsFactory = (options: ClientOptions) => AwsClients;

export const defaultClientsFactory: ClientsFactory = ({ region, credentials }) => {
  const config = { region, ...(credentials ? { credentials } : {}) };
  return {
    redshift: new RedshiftClient(config),
    iam: new IAMClient(config),
    ec2: new EC2Client(config),
  };
};
