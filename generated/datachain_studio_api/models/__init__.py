"""Contains all the data models used in inputs/outputs"""

from .access_group_input import AccessGroupInput
from .access_group_member_input import AccessGroupMemberInput
from .access_group_member_output import AccessGroupMemberOutput
from .access_group_member_update_input import AccessGroupMemberUpdateInput
from .access_group_output import AccessGroupOutput
from .access_group_update_input import AccessGroupUpdateInput
from .access_rule_input import AccessRuleInput
from .access_rule_output import AccessRuleOutput
from .access_rule_update_input import AccessRuleUpdateInput
from .action_feedback import ActionFeedback
from .compute_cluster_output import ComputeClusterOutput
from .create_pipeline_run_input import CreatePipelineRunInput
from .create_pipeline_schedule_input import CreatePipelineScheduleInput
from .dataset import Dataset
from .dataset_action_output import DatasetActionOutput
from .dataset_edit_input import DatasetEditInput
from .dataset_export_output import DatasetExportOutput
from .dataset_export_state import DatasetExportState
from .dataset_export_status import DatasetExportStatus
from .dataset_feature_schema_type_0 import DatasetFeatureSchemaType0
from .dataset_job_version import DatasetJobVersion
from .dataset_job_versions import DatasetJobVersions
from .dataset_namespace import DatasetNamespace
from .dataset_project import DatasetProject
from .dataset_remove_input import DatasetRemoveInput
from .dataset_schema_type_0 import DatasetSchemaType0
from .dataset_schema_type_0_additional_property import DatasetSchemaType0AdditionalProperty
from .dataset_version import DatasetVersion
from .dataset_version_feature_schema_type_0 import DatasetVersionFeatureSchemaType0
from .dataset_version_preview_type_0_item import DatasetVersionPreviewType0Item
from .dataset_version_schema_type_0 import DatasetVersionSchemaType0
from .dataset_version_schema_type_0_additional_property import DatasetVersionSchemaType0AdditionalProperty
from .dataset_version_status import DatasetVersionStatus
from .delete_pipeline_schedule_input import DeletePipelineScheduleInput
from .delete_pipeline_schedule_output import DeletePipelineScheduleOutput
from .device_login_input import DeviceLoginInput
from .device_login_output import DeviceLoginOutput
from .device_logout_output import DeviceLogoutOutput
from .device_token_error import DeviceTokenError
from .device_token_error_detail_type_0 import DeviceTokenErrorDetailType0
from .device_token_input import DeviceTokenInput
from .device_token_output import DeviceTokenOutput
from .dir_type import DirType
from .error_response import ErrorResponse
from .file_params import FileParams
from .job_cancel_input import JobCancelInput
from .job_input import JobInput
from .job_log_line import JobLogLine
from .job_logs_output import JobLogsOutput
from .job_output import JobOutput
from .job_output_environment_type_0 import JobOutputEnvironmentType0
from .job_output_metrics_type_0 import JobOutputMetricsType0
from .job_output_params_type_0 import JobOutputParamsType0
from .job_pipeline_output import JobPipelineOutput
from .job_pipeline_output_environment_variables_type_0 import JobPipelineOutputEnvironmentVariablesType0
from .job_pipeline_run_output import JobPipelineRunOutput
from .job_status import JobStatus
from .job_status_group import JobStatusGroup
from .job_step import JobStep
from .job_step_status import JobStepStatus
from .pipeline_input import PipelineInput
from .pipeline_output import PipelineOutput
from .pipeline_schedule_item import PipelineScheduleItem
from .pipeline_schedule_output import PipelineScheduleOutput
from .pipeline_schedule_update_output import PipelineScheduleUpdateOutput
from .pipeline_status import PipelineStatus
from .query_type import QueryType
from .remove_job_from_pipeline_input import RemoveJobFromPipelineInput
from .storage_entry import StorageEntry
from .storage_list_input import StorageListInput
from .storage_listing import StorageListing
from .trigger_pipeline_input import TriggerPipelineInput
from .update_pipeline_schedule_input import UpdatePipelineScheduleInput
from .update_pipeline_settings_input import UpdatePipelineSettingsInput
from .upload_file_output import UploadFileOutput
from .upload_state import UploadState
from .user_output import UserOutput
from .validation_error_item import ValidationErrorItem
from .validation_error_item_ctx import ValidationErrorItemCtx

__all__ = (
    "AccessGroupInput",
    "AccessGroupMemberInput",
    "AccessGroupMemberOutput",
    "AccessGroupMemberUpdateInput",
    "AccessGroupOutput",
    "AccessGroupUpdateInput",
    "AccessRuleInput",
    "AccessRuleOutput",
    "AccessRuleUpdateInput",
    "ActionFeedback",
    "ComputeClusterOutput",
    "CreatePipelineRunInput",
    "CreatePipelineScheduleInput",
    "Dataset",
    "DatasetActionOutput",
    "DatasetEditInput",
    "DatasetExportOutput",
    "DatasetExportState",
    "DatasetExportStatus",
    "DatasetFeatureSchemaType0",
    "DatasetJobVersion",
    "DatasetJobVersions",
    "DatasetNamespace",
    "DatasetProject",
    "DatasetRemoveInput",
    "DatasetSchemaType0",
    "DatasetSchemaType0AdditionalProperty",
    "DatasetVersion",
    "DatasetVersionFeatureSchemaType0",
    "DatasetVersionPreviewType0Item",
    "DatasetVersionSchemaType0",
    "DatasetVersionSchemaType0AdditionalProperty",
    "DatasetVersionStatus",
    "DeletePipelineScheduleInput",
    "DeletePipelineScheduleOutput",
    "DeviceLoginInput",
    "DeviceLoginOutput",
    "DeviceLogoutOutput",
    "DeviceTokenError",
    "DeviceTokenErrorDetailType0",
    "DeviceTokenInput",
    "DeviceTokenOutput",
    "DirType",
    "ErrorResponse",
    "FileParams",
    "JobCancelInput",
    "JobInput",
    "JobLogLine",
    "JobLogsOutput",
    "JobOutput",
    "JobOutputEnvironmentType0",
    "JobOutputMetricsType0",
    "JobOutputParamsType0",
    "JobPipelineOutput",
    "JobPipelineOutputEnvironmentVariablesType0",
    "JobPipelineRunOutput",
    "JobStatus",
    "JobStatusGroup",
    "JobStep",
    "JobStepStatus",
    "PipelineInput",
    "PipelineOutput",
    "PipelineScheduleItem",
    "PipelineScheduleOutput",
    "PipelineScheduleUpdateOutput",
    "PipelineStatus",
    "QueryType",
    "RemoveJobFromPipelineInput",
    "StorageEntry",
    "StorageListing",
    "StorageListInput",
    "TriggerPipelineInput",
    "UpdatePipelineScheduleInput",
    "UpdatePipelineSettingsInput",
    "UploadFileOutput",
    "UploadState",
    "UserOutput",
    "ValidationErrorItem",
    "ValidationErrorItemCtx",
)
