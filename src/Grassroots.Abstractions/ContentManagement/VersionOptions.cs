namespace Grassroots.ContentManagement;

/// <summary>Which version of an item to read, or how to save one.</summary>
public enum VersionOptions
{
    /// <summary>The published version.</summary>
    Published,
    /// <summary>The most recent version, draft or published.</summary>
    Latest,
    /// <summary>Save as a draft.</summary>
    Draft,
}
